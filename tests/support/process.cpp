// Process: fork/exec with stdout+stderr merged into one non-blocking pipe,
// an optional readiness pipe as fd 3, and exit observed through a pidfd so
// waiting is poll() on real events, never a sleep loop.
#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>
#include <stdexcept>
#include <system_error>

extern char** environ;

namespace sftest {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// pidfd_open(2): readable once the child has exited. -1 on kernels without it;
// callers then fall back to a short poll() period and waitpid(WNOHANG).
int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

// argv[0] resolved against PATH here, in the parent: after fork() the child may
// only call async-signal-safe functions (the test process has zmq threads).
std::string resolve_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = ::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start);
    candidate = (candidate.empty() ? "." : candidate) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return name;  // execve reports ENOENT
}

std::vector<std::string> merged_environment(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env[std::string(entry.substr(0, eq))] = std::string(entry.substr(eq + 1));
  }
  for (const auto& [k, v] : extra) env[k] = v;
  std::vector<std::string> out;
  out.reserve(env.size());
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Runs in the child between fork() and execve(): async-signal-safe calls only.
// Any failure is reported as an errno through `error_fd` (close-on-exec, so a
// successful exec closes it and the parent reads EOF).
[[noreturn]] void exec_child(int out_write, int ready_write, int error_fd, const char* cwd,
                             const char* program, char* const* argv, char* const* envp) {
  auto fail = [&](int err) {
    ssize_t ignored = ::write(error_fd, &err, sizeof err);
    (void)ignored;
    ::_exit(127);
  };
  // A test binary that dies (ctest timeout, crash) takes its workers with it.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  // Signals the test process ignores or blocks would otherwise survive exec.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig = 1; sig < NSIG; ++sig) ::signal(sig, SIG_DFL);

  // Move the error pipe above fd 3 first, so the dup2s below cannot clobber it.
  int err_fd = ::fcntl(error_fd, F_DUPFD_CLOEXEC, 10);
  if (err_fd < 0) fail(errno);
  error_fd = err_fd;
  int devnull = ::open("/dev/null", O_RDONLY);
  if (devnull < 0 || ::dup2(devnull, 0) < 0) fail(errno);
  if (::dup2(out_write, 1) < 0 || ::dup2(out_write, 2) < 0) fail(errno);
  if (ready_write >= 0) {
    if (::dup2(ready_write, 3) < 0) fail(errno);
  }
  // Nothing else leaks into the child: not the test's sockets, not another
  // child's pipes. error_fd is close-on-exec and stays open until execve.
  // error_fd is >= 10, so the two ranges around it cover everything else.
  unsigned first_free = ready_write >= 0 ? 4 : 3;
  ::close_range(first_free, static_cast<unsigned>(error_fd) - 1, 0);
  ::close_range(static_cast<unsigned>(error_fd) + 1, ~0U, 0);
  if (cwd && ::chdir(cwd) != 0) fail(errno);
  ::execve(program, argv, envp);
  fail(errno);
  ::_exit(127);
}

}  // namespace

Process Process::spawn(std::vector<std::string> argv, SpawnOptions options) {
  if (argv.empty()) throw std::invalid_argument("Process::spawn: empty argv");
  std::string program = resolve_program(argv[0]);
  std::vector<std::string> env = merged_environment(options.env);
  std::vector<char*> c_argv = c_strings(argv);
  std::vector<char*> c_env = c_strings(env);
  std::string cwd = options.cwd.string();

  int out_pipe[2], ready_pipe[2] = {-1, -1}, error_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw_errno("pipe");
  // Output is only read while the test waits on the child: room for ~10k log
  // lines keeps a chatty worker from blocking on a full pipe in between.
  ::fcntl(out_pipe[0], F_SETPIPE_SZ, 1 << 20);
  if (options.ready_pipe && ::pipe2(ready_pipe, O_CLOEXEC) != 0) throw_errno("pipe");
  if (::pipe2(error_pipe, O_CLOEXEC) != 0) throw_errno("pipe");

  pid_t pid = ::fork();
  if (pid < 0) throw_errno("fork");
  if (pid == 0) {
    exec_child(out_pipe[1], ready_pipe[1], error_pipe[1], cwd.empty() ? nullptr : cwd.c_str(),
               program.c_str(), c_argv.data(), c_env.data());
  }

  Process p;
  p.pid_ = pid;
  ::close(out_pipe[1]);
  if (ready_pipe[1] >= 0) ::close(ready_pipe[1]);
  ::close(error_pipe[1]);
  p.out_fd_ = out_pipe[0];
  p.ready_fd_ = ready_pipe[0];
  // Non-blocking: a grandchild may keep a pipe open after the child exited.
  ::fcntl(p.out_fd_, F_SETFL, ::fcntl(p.out_fd_, F_GETFL) | O_NONBLOCK);
  if (p.ready_fd_ >= 0) ::fcntl(p.ready_fd_, F_SETFL, ::fcntl(p.ready_fd_, F_GETFL) | O_NONBLOCK);

  // Blocks until execve succeeded (EOF) or the child reported why it failed.
  int child_errno = 0;
  ssize_t n;
  do {
    n = ::read(error_pipe[0], &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  ::close(error_pipe[0]);
  if (n == sizeof child_errno) {
    p.wait_exit(5s);  // reap the failed child before reporting
    errno = child_errno;
    throw_errno("cannot run " + program);
  }
  p.pid_fd_ = open_pidfd(pid);
  return p;
}

Process::Process(Process&& other) noexcept { *this = std::move(other); }

Process& Process::operator=(Process&& other) noexcept {
  if (this != &other) {
    kill_and_release();
    pid_ = std::exchange(other.pid_, -1);
    out_fd_ = std::exchange(other.out_fd_, -1);
    ready_fd_ = std::exchange(other.ready_fd_, -1);
    pid_fd_ = std::exchange(other.pid_fd_, -1);
    ready_seen_ = std::exchange(other.ready_seen_, false);
    status_ = std::exchange(other.status_, std::nullopt);
    output_ = std::exchange(other.output_, std::string());
  }
  return *this;
}

Process::~Process() { kill_and_release(); }

void Process::kill_and_release() {
  if (pid_ > 0 && !status_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    status_ = status;
  }
  close_fd(out_fd_);
  close_fd(ready_fd_);
  close_fd(pid_fd_);
  pid_ = -1;
}

// Reads whatever the output pipe holds right now, without blocking.
void Process::read_available_output() {
  if (out_fd_ < 0) return;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(out_fd_, buf, sizeof buf);
    if (n > 0) {
      output_.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) close_fd(out_fd_);  // every writer closed it
    return;
  }
}

bool Process::reap_if_exited() {
  if (status_) return true;
  if (pid_ <= 0) return true;  // moved-from: never waitpid(-1), it would reap someone else's child
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == pid_) {
    status_ = status;
    read_available_output();
    return true;
  }
  return false;
}

// One poll() on the output pipe, the pidfd and (optionally) the ready pipe.
// Without a pidfd, exit is noticed within a short period by waitpid(WNOHANG).
Process::Events Process::poll_once(std::chrono::milliseconds wait, bool watch_ready) {
  Events ev;
  pollfd fds[3];
  nfds_t n = 0;
  int out_i = -1, pid_i = -1, ready_i = -1;
  if (out_fd_ >= 0) { out_i = static_cast<int>(n); fds[n++] = {out_fd_, POLLIN, 0}; }
  if (pid_fd_ >= 0 && !status_) { pid_i = static_cast<int>(n); fds[n++] = {pid_fd_, POLLIN, 0}; }
  if (watch_ready && ready_fd_ >= 0) { ready_i = static_cast<int>(n); fds[n++] = {ready_fd_, POLLIN, 0}; }
  auto ms = wait.count();
  if (pid_i < 0 && !status_) ms = std::min<long long>(ms, 20);
  int rc = ::poll(fds, n, static_cast<int>(std::max<long long>(ms, 0)));
  if (rc < 0 && errno != EINTR) throw_errno("poll");
  if (rc > 0) {
    if (out_i >= 0 && fds[out_i].revents) read_available_output();
    if (ready_i >= 0 && fds[ready_i].revents) ev.ready_readable = true;
  }
  ev.exited = reap_if_exited();
  return ev;
}

void Process::drain(std::chrono::milliseconds wait) {
  read_available_output();
  if (wait.count() > 0) poll_once(wait, false);
}

bool Process::wait_ready(std::chrono::milliseconds timeout) {
  if (ready_fd_ < 0) throw std::logic_error("wait_ready: spawned without ready_pipe");
  if (ready_seen_) return true;
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    Events ev = poll_once(std::max(left, 0ms), true);
    if (ev.ready_readable || ev.exited) {
      // A child may report ready and exit at once: the byte still counts.
      char buf[256];
      ssize_t n;
      do {
        n = ::read(ready_fd_, buf, sizeof buf);
      } while (n < 0 && errno == EINTR);
      if (n > 0) {
        ready_seen_ = true;
        return true;
      }
      if (n == 0 || ev.exited) return false;  // closed or exited without a word
      // EAGAIN: a spurious wake-up; keep waiting.
    }
    if (left <= 0ms) return false;
  }
}

std::optional<int> Process::wait_exit(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!status_) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (poll_once(std::max(left, 0ms), false).exited) break;
    if (left <= 0ms) return std::nullopt;
  }
  read_available_output();
  return status_;
}

void Process::signal(int sig) {
  // Only before reaping: afterwards the pid may belong to someone else.
  if (pid_ > 0 && !reap_if_exited()) ::kill(pid_, sig);
}

bool Process::running() { return pid_ > 0 && !reap_if_exited(); }

std::string Process::output() {
  drain(0ms);
  return output_;
}

bool Process::wait_for_output(std::string_view needle, std::chrono::milliseconds timeout, std::size_t from) {
  const auto deadline = Clock::now() + timeout;
  read_available_output();
  for (;;) {
    if (output_.find(needle, from) != std::string::npos) return true;
    if (status_) return false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left <= 0ms) return false;
    poll_once(left, false);
  }
}

bool exited_with(int status, int code) { return WIFEXITED(status) && WEXITSTATUS(status) == code; }
bool killed_by(int status, int sig) { return WIFSIGNALED(status) && WTERMSIG(status) == sig; }

}  // namespace sftest
