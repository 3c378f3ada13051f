#include "control/process_exit.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "supervision/unique_fd.hpp"

namespace sfsup {

bool terminate_and_wait(pid_t pid) {
  // The pidfd first: it pins this exact process, so a recycled pid is never
  // signalled or waited for by mistake.
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!pidfd) return errno == ESRCH;
  if (::syscall(SYS_pidfd_send_signal, pidfd.get(), SIGTERM, nullptr, 0) != 0 && errno != ESRCH)
    return false;
  pollfd p{pidfd.get(), POLLIN, 0};
  while (::poll(&p, 1, -1) < 0 && errno == EINTR) {
  }
  return true;
}

}  // namespace sfsup
