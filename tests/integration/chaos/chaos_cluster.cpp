#include "chaos_cluster.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <iterator>
#include <sstream>

#include <doctest/doctest.h>

namespace chaos {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

bool CommandResult::ok() const { return sftest::exited_with(status, 0); }

namespace {

std::string plugin(std::string_view name) { return sftest::plugin(name).string(); }

// restart: always with a limit no chaos run reaches and a short backoff, so a
// service killed over and over keeps coming back quickly. The pinger retries
// after 300 ms instead of 5 s when its echo dies mid-request.
std::string topology_yaml() {
  return "name: chaos\n"
         "defaults:\n"
         "  restart: always\n"
         "  restart_limit: {max: 1000000, within_s: 1}\n"
         "  backoff: {initial_ms: 10, max_ms: 200}\n"
         "  stop_timeout_s: 10\n"
         "services:\n"
         "  echo:\n"
         "    service: " + plugin("echo") + "\n"
         "    config: {prefix: \"re: \"}\n"
         "  pinger:\n"
         "    service: " + plugin("pinger") + "\n"
         "    main: true\n"
         "    config: {count: 1000000000, interval_ms: 1, expect_prefix: \"re: \", timeout_ms: 300}\n"
         "    connections:\n"
         "      out: {echo: {to: echo.echo}}\n"
         "  ticker:\n"
         "    service: " + plugin("ticker") + "\n"
         "    main: true\n"
         "    config: {count: 1000000000, rate_hz: 500, wait_subscribers: 1, wait_timeout_ms: 60000}\n"
         "  tick_counter:\n"
         "    service: " + plugin("tick_counter") + "\n"
         "    connections:\n"
         "      in: {ticks: {from: ticker.ticks}}\n"
         "  book_publisher:\n"
         "    service: " + plugin("book_publisher") + "\n"
         "    main: true\n"
         "    config: {count: " + std::to_string(kBookDeltas) + ", rate_hz: 1000, depth: 5, seed: 7, heartbeat_ms: 200}\n"
         "  book_follower:\n"
         "    service: " + plugin("book_follower") + "\n"
         "    config: {log_every: 0, snapshot_timeout_ms: 500}\n"
         "    states:\n"
         "      in: {book: {from: book_publisher.book}, top: {from: book_publisher.top}}\n";
}

// /proc/<pid>/stat: "pid (comm) S ppid ..."; comm may hold spaces or ')'.
bool read_stat(pid_t pid, char& state, pid_t& ppid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  const auto close = text.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream rest(text.substr(close + 1));
  return static_cast<bool>(rest >> state >> ppid);
}

std::vector<pid_t> all_pids() {
  std::vector<pid_t> pids;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) pids.push_back(std::stoi(name));
  }
  return pids;
}

}  // namespace

ChaosCluster::ChaosCluster() { std::ofstream(topology()) << topology_yaml(); }

// Never asserts: after a failed check doctest is already unwinding, and a
// REQUIRE here would terminate the run and leave the topology running. A
// `down` that does not finish in time is given up on, and the supervisor is
// SIGKILLed (its workers die with it through PDEATHSIG).
ChaosCluster::~ChaosCluster() {
  if (!fs::exists(run_dir() / "control.sock")) return;
  auto p = sftest::Process::spawn({sftest::sfsup_binary().string(), "down", "--run-dir", run_dir().string()});
  const auto status = p.wait_exit(30s);
  if (status && sftest::exited_with(*status, 0)) return;
  if (!status) p.signal(SIGKILL);
  std::ifstream pid_file(run_dir() / "sfsup.pid");
  pid_t pid = 0;
  if (pid_file >> pid && pid > 0) ::kill(pid, SIGKILL);
}

CommandResult ChaosCluster::sfsup(std::vector<std::string> args) {
  std::vector<std::string> argv{sftest::sfsup_binary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--run-dir", run_dir().string()});
  auto p = sftest::Process::spawn(argv);
  auto status = p.wait_exit(120s);
  REQUIRE_MESSAGE(status.has_value(), "sfsup did not finish: " << p.output());
  return {*status, p.output()};
}

json ChaosCluster::status() {
  auto r = sfsup({"status", "--json"});
  // 0: every service ready; 3: one is not, as while a killed one restarts
  // (docs/supervisor.md's exit codes).
  REQUIRE_MESSAGE((r.ok() || sftest::exited_with(r.status, 3)), r.output);
  return json::parse(r.output);
}

const json* ChaosCluster::find_service(const json& status, const std::string& name) {
  for (const auto& s : status["services"]) {
    if (s["name"] == name) return &s;
  }
  return nullptr;
}

std::string ChaosCluster::log_of(const std::string& service) const {
  std::ifstream in(run_dir() / "logs" / (service + ".log"));
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

std::vector<pid_t> zombie_children(pid_t parent) {
  std::vector<pid_t> zombies;
  for (pid_t pid : all_pids()) {
    char state = 0;
    pid_t ppid = 0;
    if (read_stat(pid, state, ppid) && ppid == parent && state == 'Z') zombies.push_back(pid);
  }
  return zombies;
}

std::vector<pid_t> processes_mentioning(const std::string& needle) {
  std::vector<pid_t> found;
  for (pid_t pid : all_pids()) {
    if (pid == ::getpid()) continue;
    std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
    std::string cmdline((std::istreambuf_iterator<char>(in)), {});
    if (cmdline.find(needle) != std::string::npos) found.push_back(pid);
  }
  return found;
}

bool is_gone(pid_t pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

ExitWatch::ExitWatch(pid_t pid) : fd_(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0))) {}

ExitWatch::~ExitWatch() {
  if (fd_ >= 0) ::close(fd_);
}

bool ExitWatch::wait(std::chrono::milliseconds timeout) {
  if (fd_ < 0) return true;  // pidfd_open failed (ESRCH): the process was already gone
  pollfd p{fd_, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(timeout.count())) == 1;
}

}  // namespace chaos
