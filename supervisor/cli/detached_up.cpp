#include "cli/detached_up.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>
#include <cstdio>
#include <ctime>
#include <sstream>
#include <string>
#include <system_error>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli_options.hpp"
#include "cli/supervisor_host.hpp"
#include "control/private_dir.hpp"
#include "supervision/unique_fd.hpp"

namespace sfsup::cli {

using nlohmann::json;

namespace {

// The daemon's news: everything into sfsup.log (its stdout), and until
// bring-up is over also up the pipe to the waiting `up -d`.
class DaemonReporter : public Reporter {
 public:
  DaemonReporter(UniqueFd pipe, const RunPlan& plan) : pipe_(std::move(pipe)), plan_(plan) {}
  DaemonReporter(const DaemonReporter&) = delete;

  void event(std::string_view line) override {
    log(line);
    send({{"event", line}});
  }
  void output(std::string_view, std::string_view) override {}  // already in the service's log
  void bring_up(const BringUpResult& result) override {
    const std::string message = result.ok ? describe_bring_up_success(result, plan_)
                                          : describe_bring_up_failure(result, true);
    log(message);
    send({{"done", true}, {"ok", result.ok}, {"message", message}});
    pipe_.reset();  // the waiting `up -d` returns now
  }

 private:
  void log(std::string_view line) {
    // Never throws: a full disk must not take the supervisor down.
    const auto text = fmt::format("{:%Y-%m-%d %H:%M:%S} {}\n", fmt::localtime(std::time(nullptr)), line);
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) std::clearerr(stdout);
  }
  void send(const json& message) {
    if (!pipe_) return;
    const std::string text = message.dump() + "\n";
    // The reader is a live process waiting for exactly this; if it was
    // killed, EPIPE (SIGPIPE is ignored) and we stop telling it.
    if (::write(pipe_.get(), text.data(), text.size()) < 0) pipe_.reset();
  }

  UniqueFd pipe_;
  const RunPlan plan_;  // a copy: the one passed in is moved into the supervisor
};

// Whatever else the caller had open (a test harness's capture pipe, a
// terminal's extra fds) must not stay open for the daemon's lifetime:
// someone may be waiting for its EOF.
void close_inherited_fds(std::vector<int> keep) {
  keep.push_back(STDERR_FILENO);
  std::sort(keep.begin(), keep.end());
  unsigned int from = 0;
  for (int fd : keep) {
    if (fd < 0) continue;
    if (static_cast<unsigned int>(fd) > from) ::close_range(from, static_cast<unsigned int>(fd) - 1, 0);
    from = static_cast<unsigned int>(fd) + 1;
  }
  ::close_range(from, ~0U, 0);
}

[[noreturn]] void become_daemon(RunPlan plan, const RunDir& dir, InstanceLock& lock,
                                PortReservations& ports, UniqueFd report_pipe, UniqueFd log_file) {
  std::vector<int> keep{STDIN_FILENO, STDOUT_FILENO, lock.fd(), report_pipe.get(), log_file.get()};
  for (const auto& [port, fd] : ports.held()) keep.push_back(fd.get());
  close_inherited_fds(keep);
  ::setsid();  // no controlling terminal: a closed terminal or its Ctrl-C never reach us
  lock.write_pid(getpid());
  const int devnull = ::open("/dev/null", O_RDONLY);
  const int log = log_file.release();
  if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
  if (log >= 0) {
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
  }
  if (devnull > STDERR_FILENO) ::close(devnull);
  if (log > STDERR_FILENO) ::close(log);

  int rc = kExitFailure;
  try {
    DaemonReporter reporter(std::move(report_pipe), plan);
    rc = host_supervisor(std::move(plan), dir, reporter, ports);
  } catch (const std::exception& e) {
    // The pipe closed with the reporter, so `up -d` says "see sfsup.log".
    fmt::print(stderr, "sfsup: {}\n", e.what());
  }
  std::fflush(nullptr);
  std::_Exit(rc);
}

// sfsup.log's last lines, read as any client reads the run directory.
std::string last_lines(const RunDir& dir, std::size_t count) {
  std::string text;
  try {
    if (const auto run = PrivateDir::open_existing_dir(dir.root))
      text = run->read(dir.supervisor_log().filename().string()).value_or("");
  } catch (const RunDirRefused& e) {
    return fmt::format("  ({})\n", e.what());
  }
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::string out;
  for (std::size_t i = lines.size() > count ? lines.size() - count : 0; i < lines.size(); ++i)
    out += "  | " + lines[i] + "\n";
  return out;
}

}  // namespace

int run_detached(RunPlan plan, const RunDir& dir, InstanceLock& lock, PortReservations& ports) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  UniqueFd read_end(fds[0]), write_end(fds[1]);
  // Opened here, so a refused sfsup.log (a planted symlink) is said on the
  // console rather than into a log nobody reads.
  UniqueFd log_file =
      PrivateDir::open_or_create(dir.root).open_for_append(dir.supervisor_log().filename().string());
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid == 0) {
    read_end.reset();
    become_daemon(std::move(plan), dir, lock, ports, std::move(write_end), std::move(log_file));
  }
  write_end.reset();
  log_file.reset();

  std::string buffer;
  char chunk[4096];
  for (;;) {
    const ssize_t n = ::read(read_end.get(), chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
    std::size_t newline;
    while ((newline = buffer.find('\n')) != std::string::npos) {
      json message = json::parse(buffer.substr(0, newline), nullptr, false);
      buffer.erase(0, newline + 1);
      if (message.is_discarded()) continue;
      if (message.contains("event")) {
        fmt::print("{}\n", message["event"].get<std::string>());
        continue;
      }
      if (message.value("done", false)) {
        const std::string text = message.value("message", "");
        if (message.value("ok", false)) {
          fmt::print("{} (supervisor pid {}; `sfsup status`, `sfsup logs -f`, `sfsup down`)\n",
                     text, pid);
          return 0;
        }
        std::fflush(stdout);
        fmt::print(stderr, "{}", text);
        return kExitFailure;
      }
    }
  }
  fmt::print(stderr, "sfsup: the supervisor exited during start-up; its last lines ({}):\n{}",
             dir.supervisor_log().string(), last_lines(dir, 10));
  return kExitFailure;
}

}  // namespace sfsup::cli
