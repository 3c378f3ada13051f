#pragma once
// What the runtime knows of every connection and state: the sockets the loop
// polls for it, its timers, and (out side) how to send. Each connection or
// state type in the registry makes one of these.
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <zmq.hpp>

#include <sf/json.hpp>
#include <sf/model.hpp>

#include "core/endpoint_metrics.hpp"
#include "model/schema.hpp"

namespace sf::detail {

using Clock = std::chrono::steady_clock;
class Runtime;

enum class Side { in, out };
enum class Kind { connection, state };

const char* to_string(Side side);
const char* to_string(Kind kind);

class Endpoint {
 public:
  virtual ~Endpoint() = default;

  // Sockets the loop polls on this endpoint's behalf, and what to do when one
  // is readable (index into pollables()).
  virtual std::vector<zmq::socket_ref> pollables() { return {}; }
  virtual void on_readable(std::size_t /*index*/) {}
  // Waits up to `wait` inside libzmq for one message on socket `index` and
  // handles it as on_readable would (core/busy_serving.hpp); false when none
  // came in time. Endpoints that don't offer it return false at once.
  virtual bool serve_waiting(std::size_t /*index*/, std::chrono::milliseconds /*wait*/) { return false; }

  // Timers (heartbeats, resyncs): the earliest time on_timer is due.
  virtual Clock::time_point next_deadline() const { return Clock::time_point::max(); }
  virtual void on_timer(Clock::time_point /*now*/) {}

  // Out side: `args` were already validated; returns the (validated) reply or null.
  virtual Json send(const Json& args, const Json& workflow_id);
  // Out side: how to_send validates `args` before send(); "" when acceptable.
  // The default is the model's strict check; a delta state relaxes it (every
  // key optional, null deletes).
  virtual std::string check_args(const Json& args, const ArgsSchema& model) const { return model.check(args); }

  // Publisher-like endpoints: waits for n subscriptions (see ToSend::wait_subscribers).
  virtual bool wait_subscribers(int n, Clock::time_point deadline);

  // Counted by the endpoint itself, at the one place each message passes.
  EndpointMetrics metrics;
};

// Everything a factory needs to build one endpoint.
struct EndpointContext {
  std::string name;            // the model's key
  Side side;
  Kind kind;
  const EndpointModel& model;
  const ArgsSchema& arguments;
  const ArgsSchema* returns;   // nullptr: no return model
  Json options;                // validated connection/state arguments
  Json addresses;              // socket name -> ZeroMQ endpoint
  zmq::context_t& context;
  Runtime& runtime;

  // "connection 'echo'" / "state 'book'": how errors and logs name it.
  std::string label() const;
  // The endpoint for `socket`; throws sf::Error naming the addresses key to add.
  std::string address(const std::string& socket) const;
};

}  // namespace sf::detail
