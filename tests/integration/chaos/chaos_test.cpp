// Chaos: a topology under steady traffic (pinger -> echo requests, ticker ->
// tick_counter numbered ticks, book_publisher -> book_follower delta state)
// while random workers are SIGKILLed over and over and sfsup restarts them.
// Afterwards: no wrong reply, no zombie, no stray worker, the requester still
// gets answers, the follower's book equals the publisher's, and every gap on
// the numbered PUB/SUB stream is counted and printed.
//
// Short by default (SF_CHAOS_KILLS=40); tools/chaos.sh runs the long mode.
// SF_CHAOS_SEED replays a run's choice of victims and pauses.
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include <doctest/doctest.h>

#include "chaos_cluster.hpp"

using namespace chaos;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

long env_number(const char* name, long fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtol(v, nullptr, 10) : fallback;
}

// Polls `done` until it holds or `timeout` passes. The sleeps pace the
// polling of another process's state (sfsup status, a log file); they are
// never what the check relies on.
template <class F>
bool eventually(F done, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

long count_of(const std::string& text, const std::string& needle) {
  long n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

struct TickLosses {
  long gaps = 0;              // forward jumps: ticks published but never seen
  long lost = 0;              // ticks missing in those jumps
  long publisher_restarts = 0;  // backward jumps: a restarted ticker begins at 0 again
};

TickLosses tick_losses(const std::string& log) {
  static const std::regex gap(R"(gap: expected seq (-?\d+), got (-?\d+))");
  TickLosses t;
  for (std::sregex_iterator it(log.begin(), log.end(), gap), end; it != end; ++it) {
    const long long expected = std::stoll((*it)[1]);
    const long long got = std::stoll((*it)[2]);
    if (got > expected) {
      ++t.gaps;
      t.lost += got - expected;
    } else {
      ++t.publisher_restarts;
    }
  }
  return t;
}

// The book the running publisher ended with: its "done" line after sfsup's
// last "started" line. Each run stamps its deltas with the time, so runs end
// with different books; an earlier run's, killed while holding, is stale.
std::string current_book_checksum(const std::string& publisher_log) {
  static const std::regex done(R"(book_publisher: done: .* checksum (\S+))");
  const auto start = publisher_log.rfind("] started (pid ");
  const std::string current = publisher_log.substr(start == std::string::npos ? 0 : start);
  std::smatch m;
  return std::regex_search(current, m, done) ? m[1].str() : std::string();
}

bool all_ready(const json& status) {
  for (const auto& s : status["services"]) {
    if (s["state"] != "ready") return false;
  }
  return true;
}

}  // namespace

TEST_CASE("chaos: random workers SIGKILLed under traffic - no wrong reply - no zombie or stray - followers resync") {
  const long kills = env_number("SF_CHAOS_KILLS", 40);
  const unsigned seed = static_cast<unsigned>(env_number("SF_CHAOS_SEED", std::random_device{}()));
  std::mt19937 rng(seed);
  MESSAGE("chaos: " << kills << " kills, SF_CHAOS_SEED=" << seed);

  ChaosCluster cluster;
  auto up = cluster.up();
  REQUIRE_MESSAGE(up.ok(), up.output);
  const pid_t supervisor = cluster.status()["supervisor_pid"].get<pid_t>();

  std::set<pid_t> workers_seen;
  std::size_t zombies = 0;  // children sfsup left unreaped once a victim was back
  std::map<std::string, long> kills_of;
  std::uniform_int_distribution<std::size_t> pick(0, kServices.size() - 1);
  std::uniform_int_distribution<int> pause_ms(0, 150);
  const auto chaos_start = Clock::now();
  for (long k = 0; k < kills; ++k) {
    // A victim that is up: its restart count must move past this kill.
    std::string victim;
    pid_t pid = 0;
    long restarts = 0;
    REQUIRE_MESSAGE(eventually([&] {
                      const json status = cluster.status();
                      victim = kServices[pick(rng)];
                      const json* s = ChaosCluster::find_service(status, victim);
                      if (!s || (*s)["state"] != "ready" || !(*s)["pid"].is_number()) return false;
                      pid = (*s)["pid"].get<pid_t>();
                      restarts = (*s)["restarts"].get<long>();
                      return true;
                    }, 60s),
                    "no service ready to kill:\n" << cluster.status().dump(2));
    workers_seen.insert(pid);
    REQUIRE(::kill(pid, SIGKILL) == 0);
    ++kills_of[victim];
    REQUIRE_MESSAGE(eventually([&] {
                      const json status = cluster.status();
                      const json* s = ChaosCluster::find_service(status, victim);
                      return s && (*s)["restarts"].get<long>() > restarts && (*s)["state"] == "ready";
                    }, 60s),
                    victim << " did not come back after kill " << k + 1 << ":\n" << cluster.status().dump(2)
                           << cluster.log_of(victim).substr(0, 4000));
    zombies += zombie_children(supervisor).size();
    // Traffic between kills; a varied rhythm hits workers at varied points.
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
  }
  const auto chaos_seconds = std::chrono::duration<double>(Clock::now() - chaos_start).count();

  // Everything back up, and sfsup reaped every worker it lost.
  REQUIRE_MESSAGE(eventually([&] { return all_ready(cluster.status()); }, 60s), cluster.status().dump(2));
  const json final_status = cluster.status();
  for (const auto& s : final_status["services"]) {
    if (s["pid"].is_number()) workers_seen.insert(s["pid"].get<pid_t>());  // null once exited
  }
  zombies += zombie_children(supervisor).size();
  CHECK_MESSAGE(zombies == 0, zombies << " zombie(s) seen under sfsup " << supervisor);

  // No requester is stuck: the pinger keeps getting replies after the chaos.
  const long replies_then = count_of(cluster.log_of("pinger"), "ok: 're: ping");
  CHECK_MESSAGE(eventually([&] { return count_of(cluster.log_of("pinger"), "ok: 're: ping") >= replies_then + 50; },
                           30s),
                "the pinger stopped getting replies:\n" << cluster.log_of("pinger").substr(0, 4000));

  // The follower converges on the book the publisher ends with.
  std::string book;
  REQUIRE_MESSAGE(eventually([&] { return !(book = current_book_checksum(cluster.log_of("book_publisher"))).empty(); },
                             60s),
                  cluster.log_of("book_publisher"));
  std::string follower_book;
  CHECK_MESSAGE(eventually([&] {
                  auto r = cluster.sfsup({"call", "book_follower.book_checksum", "{}"});
                  if (!r.ok()) return false;
                  // stdout's JSON reply; stderr's "workflow <id>" line follows it.
                  const auto open = r.output.find('{');
                  const auto close = r.output.rfind('}');
                  if (open == std::string::npos || close == std::string::npos || close < open) return false;
                  const json reply = json::parse(r.output.substr(open, close - open + 1), nullptr, false);
                  follower_book = reply.is_object() ? reply.value("checksum", "") : "";
                  return follower_book == book;
                }, 60s),
                "follower book " << follower_book << " != publisher book " << book);

  // Every log, every run of every worker.
  const std::string pinger = cluster.log_of("pinger");
  const std::string follower = cluster.log_of("book_follower");
  const long wrong_replies = count_of(pinger, "' is not '");
  const long replies = count_of(pinger, "ok: 're: ping");
  const long given_up = count_of(pinger, "no reply after");
  const TickLosses ticks = tick_losses(cluster.log_of("tick_counter"));

  ExitWatch supervisor_exit(supervisor);  // not our child: its exit is seen on a pidfd
  auto down = cluster.down();
  CHECK_MESSAGE(down.ok(), down.output);
  std::vector<pid_t> strays;
  for (pid_t pid : workers_seen) {
    if (!is_gone(pid)) strays.push_back(pid);
  }
  CHECK_MESSAGE(strays.empty(), strays.size() << " worker(s) outlived sfsup down");
  CHECK_MESSAGE(supervisor_exit.wait(30s), "sfsup " << supervisor << " still runs after down");
  const auto leftovers = processes_mentioning(cluster.run_dir().string());
  CHECK_MESSAGE(leftovers.empty(), leftovers.size() << " process(es) still use the run dir, e.g. pid "
                                                    << (leftovers.empty() ? 0 : leftovers.front()));

  std::string per_service;
  for (const auto& [name, n] : kills_of) per_service += " " + name + "=" + std::to_string(n);
  std::cout << "chaos: " << kills << " SIGKILLs in " << static_cast<long>(chaos_seconds) << " s (" << per_service
            << " ), seed " << seed << "\n"
            << "chaos: requests: " << replies << " right replies, " << wrong_replies << " wrong, " << given_up
            << " given up after retries (pinger restarted)\n"
            << "chaos: ticks: " << ticks.gaps << " gaps, " << ticks.lost << " ticks lost, "
            << ticks.publisher_restarts << " ticker restarts seen by tick_counter\n"
            << "chaos: book: " << count_of(follower, ": gap: ") << " gaps, " << count_of(follower, "resynchronising")
            << " resyncs, "
            << count_of(follower, ": synchronised") << " snapshots installed, publisher's final book " << book
            << ", follower's " << follower_book << "\n"
            << "chaos: processes: " << zombies << " zombies seen, " << strays.size() << " strays of " << workers_seen.size()
            << " workers seen\n";
  CHECK_MESSAGE(wrong_replies == 0, pinger.substr(0, 4000));
}
