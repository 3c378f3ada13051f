#include "supervision/worker_process.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

extern char** environ;

namespace sfsup {

namespace {

std::system_error sys_error(const char* what) {
  return std::system_error(errno, std::generic_category(), what);
}

__attribute__((no_sanitize("address", "undefined"))) void write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n <= 0) return;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::vector<std::string> merged_environment(const std::map<std::string, std::string>& added) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string_view::npos && added.count(std::string(entry.substr(0, eq)))) continue;
    env.emplace_back(entry);
  }
  for (const auto& [key, value] : added) env.push_back(key + "=" + value);
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// What the child needs, prepared before the clone: it shares our memory
// until it execs, so it must not allocate or touch anything else of ours.
struct ChildPlan {
  pid_t parent;
  int devnull, output, ready, stats;
  const char* cwd;
  char** argv;
  char** envp;
};

// Runs in the child between clone and exec: only plain system calls, and
// nothing that could leave the child running sfsup's own code on failure.
// Not instrumented: it runs on a borrowed stack in our address space.
__attribute__((no_sanitize("address", "undefined"))) int exec_child(void* arg) {
  const ChildPlan& plan = *static_cast<const ChildPlan*>(arg);
  // Dispositions first, then the mask: a signal let through before its
  // handler is reset would run sfsup's handler in this half-made child.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) sigaction(sig, &dfl, nullptr);

  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  // The parent may have died between clone and prctl: then no death signal
  // will ever come, so leave now.
  if (getppid() != plan.parent) _exit(1);

  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);

  dup2(plan.devnull, 0);
  dup2(plan.output, 1);
  dup2(plan.output, 2);
  // Copied above fd 4 first, so neither lands on the other's slot; dup2's
  // copies come without CLOEXEC, and close_range drops the spares.
  const int ready_copy = fcntl(plan.ready, F_DUPFD, kStatsFd + 1);
  const int stats_copy = fcntl(plan.stats, F_DUPFD, kStatsFd + 1);
  dup2(ready_copy, kReadyFd);
  dup2(stats_copy, kStatsFd);
  close_range(kStatsFd + 1, ~0U, 0);

  if (plan.cwd && chdir(plan.cwd) != 0) {
    const int err = errno;
    write_all(2, "sfsup: cannot enter the working directory ");
    write_all(2, plan.cwd);
    write_all(2, ": ");
    write_all(2, strerror(err));
    write_all(2, "\n");
    _exit(127);
  }
  execvpe(plan.argv[0], plan.argv, plan.envp);
  const int err = errno;
  write_all(2, "sfsup: cannot run ");
  write_all(2, plan.argv[0]);
  write_all(2, ": ");
  write_all(2, strerror(err));
  write_all(2, "\n");
  _exit(127);
}

// The child's stack while it shares our memory: execvpe's PATH search and
// its script fallback want some room; untouched pages cost nothing.
constexpr std::size_t kChildStackBytes = 256 * 1024;

// clone(CLONE_VM | CLONE_VFORK), as posix_spawn does (which cannot set a
// death signal): no copy of sfsup's page tables and no copy-on-write faults
// after it. Forking was about 40% of the supervisor's CPU in a 50-worker
// bring-up, while the workers it had already started competed for the
// same cores (perf, BENCHMARKS.md). We sleep until the child has exec'd or
// exited; every signal stays blocked meanwhile, so none of our handlers can
// run on the child's side.
pid_t clone_and_exec(ChildPlan& plan) {
  void* stack = ::mmap(nullptr, kChildStackBytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) throw sys_error("mmap");
  sigset_t all, before;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &before);
  const pid_t pid = ::clone(exec_child, static_cast<char*>(stack) + kChildStackBytes,
                            CLONE_VM | CLONE_VFORK | SIGCHLD, &plan);
  const int err = errno;
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
  ::munmap(stack, kChildStackBytes);
  if (pid < 0) {
    errno = err;
    throw sys_error("clone");
  }
  return pid;
}

}  // namespace

SpawnedWorker spawn_worker(const SpawnRequest& request) {
  if (request.argv.empty()) throw std::invalid_argument("worker argv is empty");

  // Everything the child needs is prepared before fork.
  std::vector<std::string> argv_strings = request.argv;
  std::vector<std::string> env_strings = merged_environment(request.env);
  std::vector<char*> argv = c_strings(argv_strings);
  std::vector<char*> envp = c_strings(env_strings);
  const std::string cwd = request.cwd.string();

  int out_pipe[2], ready_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) throw sys_error("pipe");
  UniqueFd out_read(out_pipe[0]), out_write(out_pipe[1]);
  if (pipe2(ready_pipe, O_CLOEXEC) != 0) throw sys_error("pipe");
  UniqueFd ready_read(ready_pipe[0]), ready_write(ready_pipe[1]);
  int stats_pair[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, stats_pair) != 0) throw sys_error("socketpair");
  UniqueFd stats_ours(stats_pair[0]), stats_theirs(stats_pair[1]);
  UniqueFd devnull(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!devnull) throw sys_error("open /dev/null");

  ChildPlan plan{getpid(), devnull.get(), out_write.get(), ready_write.get(), stats_theirs.get(),
                 cwd.empty() ? nullptr : cwd.c_str(), argv.data(), envp.data()};
  const pid_t pid = clone_and_exec(plan);

  // Also from the parent, so the group exists before anyone signals it
  // (EACCES once the child has exec'd is fine: it did it itself).
  setpgid(pid, pid);
  fcntl(out_read.get(), F_SETFL, O_NONBLOCK);
  fcntl(ready_read.get(), F_SETFL, O_NONBLOCK);
  fcntl(stats_ours.get(), F_SETFL, O_NONBLOCK);
  return SpawnedWorker{pid, std::move(ready_read), std::move(out_read), std::move(stats_ours)};
}

void kill_process_group(pid_t leader, int sig) {
  if (leader > 0) ::kill(-leader, sig);
}

}  // namespace sfsup
