#include "core/runtime.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include <sf/error.hpp>
#include <sf/log.hpp>
#include <sf/to_send.hpp>

#include "core/busy_serving.hpp"
#include "core/logging.hpp"
#include "core/poll_items.hpp"
#include "core/signal_hub.hpp"
#include "core/zap_handler.hpp"
#include "values/canonical_forms.hpp"
#include "wire/codec.hpp"

namespace sf::detail {
namespace {


}  // namespace

Runtime::Runtime(const Definition& definition, std::string service_name)
    : definition_(definition), service_name_(std::move(service_name)), context_(1) {}

Runtime::~Runtime() {
  if (signals_enabled_) signal_hub::unsubscribe(this);
  close();
}

void Runtime::add_endpoint(Kind kind, Side side, const std::string& name,
                           std::unique_ptr<Endpoint> endpoint, std::unique_ptr<ArgsSchema> arguments,
                           std::unique_ptr<ArgsSchema> returns) {
  slots_.push_back(Slot{kind, side, name, std::move(endpoint), std::move(arguments), std::move(returns)});
}

Runtime::Slot* Runtime::find(Kind kind, Side side, std::string_view name) {
  for (auto& slot : slots_) {
    if (slot.kind == kind && slot.side == side && slot.name == name) return &slot;
  }
  return nullptr;
}

Json Runtime::send(std::string_view output_type, std::string_view output_name, const Json& args) {
  Kind kind;
  if (output_type == "connection") {
    kind = Kind::connection;
  } else if (output_type == "state") {
    kind = Kind::state;
  } else {
    throw Error(fmt::format("to_send('{}', '{}'): output_type must be 'connection' or 'state'",
                            output_type, output_name));
  }
  Slot* slot = find(kind, Side::out, output_name);
  if (slot == nullptr) {
    std::vector<std::string> declared;
    for (const auto& s : slots_) {
      if (s.kind == kind && s.side == Side::out) declared.push_back(s.name);
    }
    throw Error(fmt::format("to_send('{}', '{}'): no out {} named '{}' (declared: {})", output_type,
                            output_name, output_type, output_name,
                            declared.empty() ? "none" : fmt::format("{}", fmt::join(declared, ", "))));
  }
  if (auto error = slot->endpoint->check_args(args, *slot->arguments); !error.empty()) {
    slot->endpoint->metrics.error(ErrorKind::invalid_args);
    throw Error(fmt::format("to_send('{}', '{}'): {}", output_type, output_name, error));
  }
  const Json workflow_id = next_workflow_id();
  Json reply;
  if (workflow_root_.is_null()) {
    WorkflowScope scope(wire::workflow_text(workflow_id));
    reply = slot->endpoint->send(args, workflow_id);
  } else {
    reply = slot->endpoint->send(args, workflow_id);
  }
  if (slot->returns && !reply.is_null()) {
    if (auto error = slot->returns->check(reply, "return_args"); !error.empty()) {
      throw Error(fmt::format("to_send('{}', '{}'): the reply does not match the return model: {}",
                              output_type, output_name, error));
    }
  }
  // Main mode has no loop: framework sockets (snapshots, subscriptions) and
  // signals are served from here, at most once a millisecond.
  if (main_mode_) {
    auto now = Clock::now();
    if (now - last_pump_ >= std::chrono::milliseconds(1)) {
      last_pump_ = now;
      poll_once(std::chrono::milliseconds(0));
    }
  }
  return reply;
}

bool Runtime::wait_subscribers(std::string_view connection, int n, std::chrono::milliseconds timeout) {
  Slot* slot = find(Kind::connection, Side::out, connection);
  if (slot == nullptr) slot = find(Kind::state, Side::out, connection);
  if (slot == nullptr) {
    throw Error(fmt::format("wait_subscribers('{}'): no out connection or state of that name", connection));
  }
  return slot->endpoint->wait_subscribers(n, Clock::now() + timeout);
}

bool Runtime::wait_until(Clock::time_point deadline, const std::function<bool()>& done) {
  while (!done()) {
    if (stopping_) return false;
    auto now = Clock::now();
    if (now >= deadline) return false;
    poll_once(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) +
              std::chrono::milliseconds(1));
  }
  return true;
}

// As the Python framework numbers them: a leading edge starts a fresh UUID;
// under an inbound id the first send reuses it as received, the next ones
// carry "<id>_1", "<id>_2"... Ours go out as the UUID's text, not Python's
// tagged UUID object: a trace reads the same in every log, and a string costs
// a fraction of a map to encode, decode and copy on every hop.
Json Runtime::next_workflow_id() {
  if (workflow_root_.is_null()) {
    if (!pending_workflow_id_.is_null()) return std::exchange(pending_workflow_id_, Json());
    return new_uuid_text();
  }
  const unsigned n = workflow_counter_++;
  if (n == 0) return workflow_root_;
  return fmt::format("{}_{}", workflow_root_text_, n);
}

const Json& Runtime::peek_workflow_id() {
  if (!workflow_root_.is_null()) {
    pending_workflow_id_ = workflow_counter_ == 0 ? workflow_root_
                                                  : Json(fmt::format("{}_{}", workflow_root_text_, workflow_counter_));
  } else if (pending_workflow_id_.is_null()) {
    pending_workflow_id_ = new_uuid_text();
  }
  return pending_workflow_id_;
}

void Runtime::set_workflow_id(Json workflow_id) {
  workflow_root_text_ = workflow_id.is_null() ? std::string() : wire::workflow_text(workflow_id);
  workflow_root_ = std::move(workflow_id);
  workflow_counter_ = 0;
  pending_workflow_id_ = nullptr;
}

Json Runtime::dispatch(const Handler& handler, const Json& args, const Json& workflow_id) {
  return dispatch(handler, args, workflow_id, workflow_id.is_null() ? std::string() : wire::workflow_text(workflow_id));
}

Json Runtime::dispatch(const Handler& handler, const Json& args, const Json& workflow_id,
                       const std::string& workflow_text) {
  // A message without an id still gets one for its handler's sends.
  Json root = workflow_id.is_null() ? Json(new_uuid_text()) : workflow_id;
  std::string text = workflow_id.is_null() ? root.get<std::string>() : workflow_text;
  struct Saved {
    Json root;
    std::string text;
    unsigned counter;
    Json pending;
  };
  Saved previous{std::exchange(workflow_root_, std::move(root)), std::exchange(workflow_root_text_, std::move(text)),
                 std::exchange(workflow_counter_, 0), std::exchange(pending_workflow_id_, Json())};
  WorkflowScope scope(workflow_root_text_);
  struct Restore {
    Runtime& r;
    Saved& saved;
    ~Restore() {
      r.workflow_root_ = std::move(saved.root);
      r.workflow_root_text_ = std::move(saved.text);
      r.workflow_counter_ = saved.counter;
      r.pending_workflow_id_ = std::move(saved.pending);
    }
  } restore{*this, previous};
  ToSend to_send(*this);
  return handler(args, to_send, states_, config_);
}

Runtime::BusySocket Runtime::poll_once(std::chrono::milliseconds timeout) {
  // A signal handler or main-mode send can poll again from inside this call:
  // only the outermost call reuses the member buffers.
  std::vector<zmq::pollitem_t> local_items;
  std::vector<std::pair<Slot*, std::size_t>> local_owners;
  const bool nested = poll_depth_++ > 0;
  struct Depth {
    int& d;
    ~Depth() { --d; }
  } depth{poll_depth_};
  auto& items = nested ? local_items : items_;
  auto& owners = nested ? local_owners : owners_;
  items.clear();
  owners.clear();
  control_items(items);
  const std::size_t first_socket = items.size();
  auto deadline = Clock::time_point::max();
  for (auto& slot : slots_) {
    auto sockets = slot.endpoint->pollables();
    for (std::size_t i = 0; i < sockets.size(); ++i) {
      items.push_back({sockets[i].handle(), 0, ZMQ_POLLIN, 0});
      owners.emplace_back(&slot, i);
    }
    deadline = std::min(deadline, slot.endpoint->next_deadline());
  }
  auto wait = timeout;
  if (deadline != Clock::time_point::max()) {
    auto until = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    until = std::max(until, std::chrono::milliseconds(0));
    wait = wait.count() < 0 ? until : std::min(wait, until);
  }
  poll_items(items.data(), items.size(), wait);

  for (std::size_t i = 0; i < first_socket; ++i) {
    if (items[i].revents & ZMQ_POLLIN) {
      on_control_readable();
      break;
    }
  }
  for (std::size_t i = first_socket; i < items.size(); ++i) {
    if (!(items[i].revents & ZMQ_POLLIN)) continue;
    auto [slot, index] = owners[i - first_socket];
    try {
      slot->endpoint->on_readable(index);
    } catch (const std::exception& e) {
      // Bad input never takes the service down: log it and keep serving.
      get_logger()->error("{} '{}': {}", to_string(slot->kind), slot->name, e.what());
    }
  }
  BusySocket busy;
  if (!nested && items.size() == first_socket + 1 && (items[first_socket].revents & ZMQ_POLLIN) &&
      deadline == Clock::time_point::max()) {
    busy = {owners[0].first, owners[0].second};
  }
  if (deadline != Clock::time_point::max()) {
    auto now = Clock::now();
    for (auto& slot : slots_) {
      if (slot.endpoint->next_deadline() <= now) {
        try {
          slot.endpoint->on_timer(now);
        } catch (const std::exception& e) {
          get_logger()->error("{} '{}': {}", to_string(slot.kind), slot.name, e.what());
        }
      }
    }
  }
  return busy;
}

void Runtime::serve_busy(BusySocket busy) {
  const auto until = Clock::now() + kBusyWindow;
  for (int served = 0; served < kBusyMessages; ++served) {
    // A stop or signal queued from another thread ends the run at once; one
    // arriving by the signalfd is seen at the next full poll, within the window.
    if (stopping_ || stop_asked_.load(std::memory_order_relaxed) ||
        pending_signals_.load(std::memory_order_relaxed) != 0) {
      return;
    }
    if (served > 0 && Clock::now() >= until) return;
    try {
      if (!busy.slot->endpoint->serve_waiting(busy.index, kBusyWait)) return;
    } catch (const std::exception& e) {
      // As in poll_once: logged, and the service keeps serving.
      get_logger()->error("{} '{}': {}", to_string(busy.slot->kind), busy.slot->name, e.what());
      return;
    }
  }
}

void Runtime::run_loop(std::chrono::milliseconds min_wait) {
  while (!stopping_) {
    const auto started = Clock::now();
    const BusySocket busy = poll_once(std::chrono::milliseconds(-1));
    // -wt's minimum time between iterations rules out serving messages back to back.
    if (busy.slot != nullptr && min_wait.count() == 0) serve_busy(busy);
    if (min_wait.count() > 0 && !stopping_) {
      // -wt: the seed's minimum time between loop iterations. Wait out the
      // rest on the control fds only, so a signal still ends it at once.
      auto rest = started + min_wait - Clock::now();
      if (rest > Clock::duration::zero()) {
        std::vector<zmq::pollitem_t> control;
        control_items(control);
        zmq::poll(control.data(), control.size(),
                  std::chrono::duration_cast<std::chrono::milliseconds>(rest));
        for (auto& item : control) {
          if (item.revents & ZMQ_POLLIN) {
            on_control_readable();
            break;
          }
        }
      }
    }
  }
}

void Runtime::run_main() {
  main_mode_ = true;
  ToSend to_send(*this);
  try {
    definition_.main(to_send, states_, config_);
  } catch (const std::exception& e) {
    if (!stopping_) throw;
    get_logger()->info("main ended while stopping: {}", e.what());
  }
  // A signal that arrived after main's last to_send still runs its handler.
  std::vector<zmq::pollitem_t> control;
  control_items(control);
  zmq::poll(control.data(), control.size(), std::chrono::milliseconds(0));
  for (auto& item : control) {
    if (item.revents & ZMQ_POLLIN) {
      on_control_readable();
      break;
    }
  }
}

bool Runtime::pump(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!stopping_) {
    auto now = Clock::now();
    if (now >= deadline) break;
    poll_once(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) +
              std::chrono::milliseconds(1));
  }
  last_pump_ = Clock::now();
  return !stopping_;
}

void Runtime::enable_curve(CurveKeys keys) {
  if (!curve_available()) {
    throw Error(fmt::format("CURVE keys file '{}': this libzmq ({}.{}.{}) was built without CURVE; "
                            "install one built with libsodium (Debian's libzmq5 is) or drop "
                            "security: curve from the topology",
                            keys.file, ZMQ_VERSION_MAJOR, ZMQ_VERSION_MINOR, ZMQ_VERSION_PATCH));
  }
  std::map<std::string, std::set<std::string>> allowed;
  for (const auto& [socket, entry] : keys.sockets) {
    if (entry.server) allowed[socket].insert(entry.accept.begin(), entry.accept.end());
  }
  zap_ = std::make_unique<ZapHandler>(context_, allowed);
  curve_ = std::make_unique<CurveKeys>(std::move(keys));
}

void Runtime::close() {
  slots_.clear();  // each endpoint closes its sockets with a bounded linger
  zap_.reset();
  if (context_.handle() != nullptr) context_.close();
}

}  // namespace sf::detail
