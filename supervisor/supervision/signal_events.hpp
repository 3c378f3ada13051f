#pragma once
// Signals as events on the loop (signalfd), never as async handlers:
// SIGINT/SIGTERM/SIGHUP ask for a shutdown, SIGCHLD says "reap".
// SIGPIPE is ignored so a closed client or terminal is an error code.
// Children get a clean slate back in WorkerProcess (mask and dispositions).
#include <signal.h>

#include <functional>

#include "supervision/event_loop.hpp"
#include "supervision/unique_fd.hpp"

namespace sfsup {

class SignalEvents {
 public:
  struct Handlers {
    std::function<void(int sig)> shutdown;  // SIGINT, SIGTERM, SIGHUP
    std::function<void()> child;            // SIGCHLD: one or more children changed
  };
  // Blocks the signals for the whole process; call before spawning anything.
  SignalEvents(EventLoop& loop, Handlers handlers);
  ~SignalEvents();
  SignalEvents(const SignalEvents&) = delete;
  SignalEvents& operator=(const SignalEvents&) = delete;

  static sigset_t handled_signals();

 private:
  void on_readable();

  EventLoop& loop_;
  Handlers handlers_;
  UniqueFd fd_;
  sigset_t previous_mask_;
};

}  // namespace sfsup
