#include "control/process_exit.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "supervision/unique_fd.hpp"

namespace sfsup {

UniqueFd exit_watch(pid_t pid) { return UniqueFd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0))); }

void wait_for_exit(const UniqueFd& watch) {
  if (!watch) return;
  pollfd p{watch.get(), POLLIN, 0};
  while (::poll(&p, 1, -1) < 0 && errno == EINTR) {
  }
}

bool terminate_and_wait(pid_t pid) {
  // The pidfd first: it pins this exact process, so a recycled pid is never
  // signalled or waited for by mistake.
  UniqueFd pidfd = exit_watch(pid);
  if (!pidfd) return errno == ESRCH;
  if (::syscall(SYS_pidfd_send_signal, pidfd.get(), SIGTERM, nullptr, 0) != 0 && errno != ESRCH)
    return false;
  wait_for_exit(pidfd);
  return true;
}

}  // namespace sfsup
