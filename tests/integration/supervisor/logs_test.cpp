// `sfsup logs`: several services merged by time, --tail, --since, and -f
// across several rotations in one burst.
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <fstream>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"

using namespace sfsup_test;
using sftest::Process;

namespace {

// Worker lines with the worker's own timestamp format, stamped when printed.
std::string chatty(const std::string& name) {
  return "say() { echo \"$(date '+%F %T.%3N') info $*\"; }; say " + name + " one; "
         "trap 'say " + name + " two' USR1; trap 'exit 0' TERM; "
         "echo READY >&3; while :; do sleep 1000 & wait; done";
}

// Blocks until `file` exists (inotify on its folder), at most `timeout`.
bool wait_for_file(const std::filesystem::path& file, std::chrono::milliseconds timeout) {
  const int fd = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  ::inotify_add_watch(fd, file.parent_path().c_str(), IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool found = false;
  while (!(found = std::filesystem::exists(file))) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) break;
    pollfd p{fd, POLLIN, 0};
    ::poll(&p, 1, static_cast<int>(left.count()));
    char buf[4096];
    while (::read(fd, buf, sizeof buf) > 0) {
    }
  }
  ::close(fd);
  return found;
}

}  // namespace

TEST_CASE("logs merges several services by time - tail and since filter") {
  Cluster cluster({
      {.name = "alpha", .script = chatty("alpha")},
      {.name = "beta", .script = chatty("beta"), .depends_on = {"alpha"}},
      {.name = "aged",
       .script = "echo '2020-01-01 00:00:00.000 info ancient line'; "
                 "echo \"$(date '+%F %T.%3N') info fresh line\"; trap 'exit 0' TERM; "
                 "echo READY >&3; while :; do sleep 1000 & wait; done"},
  });
  REQUIRE(cluster.up_detached().ok());

  // alpha one, beta one (started after alpha was ready), then alpha two, beta two.
  auto follow = Process::spawn({sftest::sfsup_binary().string(), "logs", "-f", "alpha", "beta",
                                "--run-dir", cluster.run_dir().string()});
  REQUIRE(cluster.sfsup({"signal", "alpha", "USR1"}).ok());
  REQUIRE_MESSAGE(follow.wait_for_output("info alpha two"), follow.output());
  REQUIRE(cluster.sfsup({"signal", "beta", "USR1"}).ok());
  REQUIRE_MESSAGE(follow.wait_for_output("info beta two"), follow.output());

  auto logs = cluster.sfsup({"logs", "alpha", "beta"});
  REQUIRE_MESSAGE(logs.ok(), logs.output);
  std::vector<std::size_t> at;
  for (const char* line : {"alpha | ", "beta  | "}) CHECK(logs.output.find(line) != std::string::npos);
  // (the scripts' text is in sfsup's "started" notes too: look for the output lines)
  for (const char* line : {"info alpha one", "info beta one", "info alpha two", "info beta two"}) {
    at.push_back(logs.output.find(line));
    REQUIRE_MESSAGE(at.back() != std::string::npos, line << " missing:\n" << logs.output);
  }
  CHECK_MESSAGE(std::is_sorted(at.begin(), at.end()), logs.output);  // by time, not by file
  CHECK(logs.output.find("aged") == std::string::npos);              // only the named ones

  auto tail = cluster.sfsup({"logs", "aged", "--tail", "2"});
  REQUIRE_MESSAGE(tail.ok(), tail.output);
  CHECK(tail.output.find("info fresh line\n") != std::string::npos);
  CHECK(tail.output.find("ancient line") == std::string::npos);
  CHECK(tail.output.find("ready (pid") != std::string::npos);

  auto since = cluster.sfsup({"logs", "aged", "--since", "1h"});
  REQUIRE_MESSAGE(since.ok(), since.output);
  CHECK(since.output.find("info fresh line\n") != std::string::npos);
  CHECK(since.output.find("info ancient line\n") == std::string::npos);
  auto all = cluster.sfsup({"logs", "aged"});
  CHECK(all.output.find("info ancient line\n") != std::string::npos);

  auto bad = cluster.sfsup({"logs", "--since", "soon"});
  CHECK(sftest::exited_with(bad.status, 2));
  CHECK(bad.output == "sfsup: --since 'soon' is not a duration; use e.g. 30s, 10m, 2h or 1d\n");
}

TEST_CASE("logs -f loses no line when a burst rotates the log several times") {
  // ~33 MB in one go: the 10 MiB log rotates three times, faster than a
  // follower blocked on its own output can keep up with.
  Cluster cluster(std::vector<ShellWorker>{{.name = "burst",
                    .script = "trap 'seq -f \"burst line %.0f ........................................\" "
                              "1 600000; touch $T/done' USR1; trap 'exit 0' TERM; echo burst is up; "
                              "echo READY >&3; while :; do sleep 1000 & wait; done"}});
  REQUIRE(cluster.up_detached().ok());
  const auto out = cluster.dir() / "followed.txt";
  auto follow = Process::spawn({"/bin/sh", "-c", "exec \"$0\" logs -f burst --run-dir \"$1\" > \"$2\"",
                                sftest::sfsup_binary().string(), cluster.run_dir().string(),
                                out.string()});
  REQUIRE(cluster.sfsup({"signal", "burst", "USR1"}).ok());
  REQUIRE(wait_for_file(cluster.dir() / "done", 120s));
  REQUIRE(cluster.sfsup({"down"}).ok());  // the follower drains what is left, then ends
  auto ended = follow.wait_exit(120s);
  REQUIRE(ended.has_value());
  CHECK(sftest::exited_with(*ended, 0));

  std::ifstream in(out);
  long expected = 1, out_of_order = 0;
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("burst line ")) continue;
    const long n = std::stol(line.substr(11));
    if (n != expected) ++out_of_order;
    expected = n + 1;
  }
  CHECK(out_of_order == 0);
  CHECK(expected - 1 == 600000);
  CHECK(std::filesystem::exists(cluster.run_dir() / "logs" / "burst.3.log"));  // it did rotate thrice
}
