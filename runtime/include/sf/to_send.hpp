#pragma once
// The seed's to_send(output_type, output_name, args), handed to every handler,
// init_function, main and signal handler.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include <sf/json.hpp>

namespace sf {

namespace detail { class Runtime; }

class ToSend {
 public:
  using SendFunction =
      std::function<Json(std::string_view output_type, std::string_view output_name, const Json& args)>;

  explicit ToSend(detail::Runtime& runtime) : runtime_(&runtime) {}
  // A to_send with no sockets behind it: each send calls `send` (unvalidated).
  // For unit tests of handlers; sf/testing.hpp's RecordingToSend wraps it.
  explicit ToSend(SendFunction send) : send_(std::move(send)) {}

  // output_type is "connection" or "state". Args are validated against the out
  // model before anything is sent; a requester's or external target's reply is
  // validated and returned (null for publishers and states).
  Json operator()(std::string_view output_type, std::string_view output_name, const Json& args);
  Json connection(std::string_view name, const Json& args) { return (*this)("connection", name, args); }
  Json state(std::string_view name, const Json& args) { return (*this)("state", name, args); }

  // Workflow ids, numbered as the Python framework numbers them: at a leading
  // edge (main, init_function, a signal handler) each send carries a fresh
  // UUID (as its text); inside a handler the first send carries the inbound id
  // as it was received (any msgpack value) and later ones "<id>_1", "<id>_2"...
  //
  // The id sends extend, as logs print it: the inbound message's id inside a
  // handler (or the one set_workflow_id gave), "" at a leading edge.
  const std::string& workflow_id() const;
  // The id the next send will carry, exactly as it goes on the wire.
  Json next_workflow_id();
  // Continue an existing trace (an external correlation id): the next send
  // carries `id` as given, later ones "<id>_1", "<id>_2"... Null goes back to
  // a fresh UUID per send. Inside a handler it lasts until the handler returns.
  void set_workflow_id(Json id);

  // Main mode: true once SIGINT/SIGTERM arrived (its handler has already run);
  // main should return soon after.
  bool stop_requested() const;
  // Main mode: waits up to `d` while still serving the framework's own sockets
  // (state snapshots) and signals. Returns false when a stop was requested.
  bool sleep_for(std::chrono::milliseconds d);
  // A publisher (or out-state) connection: waits until `n` subscriptions have
  // reached it (XPUB notices; no sleep against the slow-joiner problem).
  // Returns false on timeout or when a stop was requested.
  bool wait_subscribers(std::string_view connection, int n, std::chrono::milliseconds timeout);

 private:
  detail::Runtime* runtime_ = nullptr;  // null: a test's to_send, sends go to send_
  SendFunction send_;
};

}  // namespace sf
