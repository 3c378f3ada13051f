#include "supervision/signal_events.hpp"

#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <vector>

namespace sfsup {

sigset_t SignalEvents::handled_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGCHLD}) sigaddset(&set, sig);
  return set;
}

SignalEvents::SignalEvents(EventLoop& loop, Handlers handlers)
    : loop_(loop), handlers_(std::move(handlers)) {
  // An inherited SIG_IGN would discard these before signalfd sees them
  // (`sfsup up &` from a script ignores SIGINT; SIGCHLD ignored would even
  // auto-reap our children): back to default, then blocked.
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGCHLD}) ::signal(sig, SIG_DFL);
  sigset_t set = handled_signals();
  if (sigprocmask(SIG_BLOCK, &set, &previous_mask_) != 0)
    throw std::system_error(errno, std::generic_category(), "sigprocmask");
  ::signal(SIGPIPE, SIG_IGN);
  fd_.reset(signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!fd_) throw std::system_error(errno, std::generic_category(), "signalfd");
  loop_.watch(fd_.get(), POLLIN, [this](short) { on_readable(); });
}

SignalEvents::~SignalEvents() {
  loop_.unwatch(fd_.get());
  sigprocmask(SIG_SETMASK, &previous_mask_, nullptr);
}

void SignalEvents::on_readable() {
  signalfd_siginfo info;
  bool child = false;
  std::vector<int> shutdowns;
  // Drain everything first: standard signals coalesce, so one SIGCHLD may
  // stand for several exits; the child handler reaps them all once, before
  // a shutdown request looks at who is still running.
  while (::read(fd_.get(), &info, sizeof info) == sizeof info) {
    if (static_cast<int>(info.ssi_signo) == SIGCHLD)
      child = true;
    else
      shutdowns.push_back(static_cast<int>(info.ssi_signo));
  }
  if (child && handlers_.child) handlers_.child();
  for (int sig : shutdowns)
    if (handlers_.shutdown) handlers_.shutdown(sig);
}

}  // namespace sfsup
