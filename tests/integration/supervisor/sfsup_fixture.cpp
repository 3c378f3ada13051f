#include "sfsup_fixture.hpp"

#include "topology_dir.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include <doctest/doctest.h>

namespace sfsup_test {

using sftest::Process;

std::string idle_worker_script(const std::string& name) {
  // `sleep & wait`: wait returns as soon as a trapped signal arrives, so the
  // trap runs at once (a foreground sleep would delay it).
  return "trap 'echo " + name + " INT >> $T/signals; exit 0' INT; "
         "trap 'echo " + name + " TERM >> $T/signals; exit 0' TERM; "
         "echo " + name + " is up; "
         "sleep 1000 & echo $! > $T/" + name + ".helper; "  // written before READY: tests read it then
         "echo READY >&3; wait";
}

bool Run::ok() const { return sftest::exited_with(status, 0); }

Cluster::Cluster(std::vector<ShellWorker> workers, std::string run_subdir)
    : run_subdir_(std::move(run_subdir)) {
  json list = json::array();
  for (const auto& w : workers) {
    list.push_back({{"name", w.name},
                    {"argv", {"/bin/sh", "-c", w.script}},
                    {"env", {{"T", tmp_.path().string()}}},
                    {"leading_edge", w.leading_edge},
                    {"depends_on", w.depends_on},
                    {"restart", w.restart},
                    {"stop_timeout_ms", w.stop_timeout_ms},
                    {"ready_timeout_ms", w.ready_timeout_ms},
                    {"endpoints", w.endpoints}});
    if (!w.stop_signal.empty()) list.back()["stop_signal"] = w.stop_signal;
  }
  sftest::write_json(plan_file(), {{"name", "shell-test"}, {"workers", list}});
}

Cluster::~Cluster() {
  const auto pid_file = run_dir() / "sfsup.pid";
  if (!std::filesystem::exists(run_dir() / "control.sock")) return;
  pid_t daemon = 0;
  {
    std::ifstream in(pid_file);
    in >> daemon;
  }
  auto down = Process::spawn({sftest::sfsup_binary().string(), "down", "--run-dir", run_dir().string()});
  if (!down.wait_exit(30s) && daemon > 0) ::kill(daemon, SIGKILL);  // workers follow (PDEATHSIG)
}

Run Cluster::sfsup(std::vector<std::string> args) { return sfsup_with_run_dir(run_dir(), std::move(args), {}, 60s); }

Process Cluster::up_foreground() {
  return Process::spawn({sftest::sfsup_binary().string(), "up", "--plan", plan_file().string(),
                         "--run-dir", run_dir().string()});
}

json Cluster::status() {
  auto run = sfsup({"status", "--json"});
  // 0: every service ready; 3: some is not (docs/supervisor.md's exit codes).
  REQUIRE_MESSAGE((run.ok() || sftest::exited_with(run.status, 3)), run.output);
  return json::parse(run.output);
}

json Cluster::service(const std::string& name) {
  const json all = status();  // kept alive: the loop walks into it
  for (const auto& s : all["services"])
    if (s["name"] == name) return s;
  FAIL("no service " << name << " in status");
  return {};
}

pid_t Cluster::pid_of(const std::string& name) {
  auto s = service(name);
  REQUIRE_MESSAGE(s["pid"].is_number(), name << " has no pid: " << s.dump());
  return s["pid"].get<pid_t>();
}

ExitWatch::ExitWatch(pid_t pid) : fd_(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0))) {
  REQUIRE_MESSAGE(fd_ >= 0, "pidfd_open(" << pid << ") failed: the process is already gone");
}
ExitWatch::~ExitWatch() {
  if (fd_ >= 0) ::close(fd_);
}
ExitWatch::ExitWatch(ExitWatch&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

bool ExitWatch::wait(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  int rc;
  do {
    rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
  } while (rc < 0 && errno == EINTR);
  return rc == 1;
}

bool is_gone(pid_t pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

std::vector<std::string> read_lines(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace sfsup_test
