// Signals and stop requests of one runtime. They are queued from any thread
// (the signal hub, stop_service()) and handled on the runtime's own thread,
// from its poll, where a handler gets a working to_send and the states.
#include <csignal>

#include <sf/log.hpp>
#include <sf/to_send.hpp>

#include "core/runtime.hpp"
#include "core/signal_hub.hpp"
#include "core/zap_handler.hpp"

namespace sf::detail {
namespace {

constexpr std::uint32_t bit(int signum) { return std::uint32_t{1} << signum; }
constexpr std::uint32_t kStopSignals = bit(SIGINT) | bit(SIGTERM);

const char* signal_name(int signum) {
  switch (signum) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    case SIGUSR1: return "SIGUSR1";
    case SIGUSR2: return "SIGUSR2";
    default: return "signal";
  }
}

const char* handler_name(int signum) {
  switch (signum) {
    case SIGINT: return "sigint_handler";
    case SIGTERM: return "sigterm_handler";
    case SIGHUP: return "sighup_handler";
    case SIGUSR1: return "sigusr1_handler";
    case SIGUSR2: return "sigusr2_handler";
    default: return "signal handler";
  }
}

const SignalHandler& handler_for(const Definition& d, int signum) {
  static const SignalHandler kNone;
  switch (signum) {
    case SIGINT: return d.sigint_handler;
    case SIGTERM: return d.sigterm_handler;
    case SIGHUP: return d.sighup_handler;
    case SIGUSR1: return d.sigusr1_handler;
    case SIGUSR2: return d.sigusr2_handler;
    default: return kNone;
  }
}

}  // namespace

void Runtime::enable_signals() {
  if (signals_enabled_) return;
  signal_hub::fd();
  signal_hub::subscribe(this);
  signals_enabled_ = true;
}

void Runtime::request_stop() {
  stop_asked_ = true;
  wakeup_.notify();
}

void Runtime::deliver_signal(int signum) {
  if (signum <= 0 || signum >= 32) return;
  pending_signals_ |= bit(signum);
  wakeup_.notify();
}

void Runtime::control_items(std::vector<zmq::pollitem_t>& items) const {
  items.push_back({nullptr, wakeup_.fd(), ZMQ_POLLIN, 0});
  if (signals_enabled_) items.push_back({nullptr, signal_hub::fd(), ZMQ_POLLIN, 0});
  if (stats_fd_ >= 0) items.push_back({nullptr, stats_fd_, ZMQ_POLLIN, 0});
  // CURVE handshakes wait on the ZAP handler: answered wherever the runtime waits.
  if (zap_) items.push_back({zap_->socket().handle(), 0, ZMQ_POLLIN, 0});
}

bool Runtime::on_control_readable() {
  if (zap_) zap_->serve();
  if (signals_enabled_) signal_hub::dispatch();
  wakeup_.drain();
  if (stats_fd_ >= 0) serve_stats_requests();
  // Marked at once, even from inside another handler, so every wait returns
  // promptly; the stop's own handler runs when the outer one has returned.
  if (stop_asked_ || (pending_signals_ & kStopSignals)) stopping_ = true;
  if (!in_signal_handler_) run_pending_signals();
  return stopping_;
}

void Runtime::run_pending_signals() {
  for (;;) {
    const std::uint32_t pending = pending_signals_.exchange(0);
    const bool stop_asked = stop_asked_.exchange(false);
    if (pending == 0 && !stop_asked) return;
    for (int signum : {SIGHUP, SIGUSR1, SIGUSR2}) {
      if (pending & bit(signum)) run_signal_handler(signum);
    }
    if (stop_handled_) continue;
    if (pending & bit(SIGINT)) {
      run_stop_handler(SIGINT, false);
    } else if (pending & bit(SIGTERM)) {
      run_stop_handler(SIGTERM, false);
    } else if (stop_asked) {
      run_stop_handler(SIGTERM, true);
    }
  }
}

void Runtime::run_stop_handler(int signum, bool from_stop_service) {
  stopping_ = true;  // first, so the handler's own sleep_for/pumps return promptly
  stop_handled_ = true;
  const SignalHandler& handler = handler_for(definition_, signum);
  auto log = get_logger();
  const char* cause = from_stop_service ? "stop_service()" : signal_name(signum);
  if (!handler) {
    log->info("received {}: stopping", cause);
    return;
  }
  log->info("received {}: running {}", cause, handler_name(signum));
  in_signal_handler_ = true;
  try {
    ToSend to_send(*this);
    handler(signum, to_send, states_, config_);
  } catch (const std::exception& e) {
    log->error("{} failed: {}", handler_name(signum), e.what());
  }
  in_signal_handler_ = false;
}

void Runtime::run_signal_handler(int signum) {
  auto log = get_logger();
  if (stopping_) {
    log->info("received {} while stopping: ignored", signal_name(signum));
    return;
  }
  const SignalHandler& handler = handler_for(definition_, signum);
  const char* done = signum == SIGHUP ? "log files reopened" : "";
  if (!handler) {
    log->info("received {}: {}{}no {}, nothing else to do", signal_name(signum), done, *done ? "; " : "",
              handler_name(signum));
    return;
  }
  log->info("received {}: {}{}running {}", signal_name(signum), done, *done ? "; " : "", handler_name(signum));
  in_signal_handler_ = true;
  try {
    ToSend to_send(*this);
    handler(signum, to_send, states_, config_);
  } catch (const std::exception& e) {
    log->error("{} failed: {}", handler_name(signum), e.what());
  }
  in_signal_handler_ = false;
}

}  // namespace sf::detail
