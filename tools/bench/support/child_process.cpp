#include "support/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <climits>
#include <stdexcept>
#include <thread>
#include <utility>

namespace sfbench {
namespace {

constexpr int kReadyFd = 3;

int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

int poll_timeout_ms(std::chrono::milliseconds timeout) {
  return static_cast<int>(std::max<long long>(0, std::min<long long>(timeout.count(), INT_MAX)));
}

}  // namespace

std::string self_executable() {
  char path[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) throw std::runtime_error("cannot read /proc/self/exe");
  return std::string(path, static_cast<std::size_t>(n));
}

ChildProcess ChildProcess::spawn(const std::vector<std::string>& argv) {
  if (argv.empty()) throw std::runtime_error("spawn: empty argv");
  // Everything the child needs is prepared before fork: between fork and exec
  // only async-signal-safe calls (libzmq threads may exist in the parent).
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int ready[2];
  if (::pipe2(ready, O_CLOEXEC) != 0) throw std::runtime_error("spawn: pipe failed");
  const pid_t parent = ::getpid();

  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(ready[0]);
    ::close(ready[1]);
    throw std::runtime_error("spawn: fork failed");
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
    ::dup2(ready[1], kReadyFd);               // dup2 clears O_CLOEXEC on fd 3
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(ready[1]);
  ChildProcess child;
  child.pid_ = pid;
  child.ready_fd_ = ready[0];
  child.pid_fd_ = open_pidfd(pid);
  return child;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      ready_fd_(std::exchange(other.ready_fd_, -1)),
      pid_fd_(std::exchange(other.pid_fd_, -1)),
      reaped_(std::exchange(other.reaped_, true)) {}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !reaped_) terminate();
  if (ready_fd_ >= 0) ::close(ready_fd_);
  if (pid_fd_ >= 0) ::close(pid_fd_);
}

bool ChildProcess::wait_ready(std::chrono::milliseconds timeout) {
  pollfd item{ready_fd_, POLLIN, 0};
  int n;
  do {
    n = ::poll(&item, 1, poll_timeout_ms(timeout));
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return false;
  char buffer[16];
  return ::read(ready_fd_, buffer, sizeof buffer) > 0;  // 0: EOF, the child is gone
}

std::optional<int> ChildProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (reaped_) return std::nullopt;
  if (pid_fd_ >= 0) {
    pollfd item{pid_fd_, POLLIN, 0};
    if (::poll(&item, 1, poll_timeout_ms(timeout)) <= 0) return std::nullopt;
  }
  // Without a pidfd (old kernels): a bounded WNOHANG loop.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      return status;
    }
    if (r < 0 || std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(5ms);
  }
}

void ChildProcess::terminate(std::chrono::milliseconds grace) {
  if (pid_ <= 0 || reaped_) return;
  ::kill(pid_, SIGTERM);
  if (wait_exit(grace)) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  reaped_ = true;
}

}  // namespace sfbench
