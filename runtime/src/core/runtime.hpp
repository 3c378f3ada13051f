#pragma once
// One running service: its config, endpoints and states, the to_send that
// handlers call, and the loop (or main) that drives them. Built step by step
// by ServiceRunner in the seed's lifecycle order.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <zmq.hpp>

#include <sf/definition.hpp>
#include <sf/json.hpp>

#include "core/curve_keys.hpp"
#include "core/endpoint.hpp"
#include "core/wakeup.hpp"
#include "model/schema.hpp"

namespace sf::detail {

class Runtime {
 public:
  Runtime(const Definition& definition, std::string service_name);
  ~Runtime();

  const std::string& service_name() const { return service_name_; }
  const Definition& definition() const { return definition_; }
  zmq::context_t& context() { return context_; }

  // Lifecycle steps (ServiceRunner calls these in order).
  void set_config(Json config) { config_ = std::move(config); }
  // Schemas are heap-allocated before the endpoint is made, so the endpoint
  // may keep references to them.
  void add_endpoint(Kind kind, Side side, const std::string& name, std::unique_ptr<Endpoint> endpoint,
                    std::unique_ptr<ArgsSchema> arguments, std::unique_ptr<ArgsSchema> returns);

  const Json& config() const { return config_; }
  // ZMQ_MAXMSGSIZE of every socket that receives (ServiceOptions::max_message_bytes).
  void set_max_message_bytes(std::int64_t bytes) { max_message_bytes_ = bytes; }
  std::int64_t max_message_bytes() const { return max_message_bytes_; }
  // Distinct subscription prefixes each publisher keeps (ServiceOptions::max_subscriptions).
  void set_max_subscriptions(std::size_t count) { max_subscriptions_ = count; }
  std::size_t max_subscriptions() const { return max_subscriptions_; }
  // In-states, keyed by state name: what handlers receive as `states`.
  const Json& states() const { return states_; }
  Json& state_slot(const std::string& name) { return states_[name]; }

  // to_send: validate, pick the endpoint, stamp the workflow id, send.
  Json send(std::string_view output_type, std::string_view output_name, const Json& args);
  bool wait_subscribers(std::string_view connection, int n, std::chrono::milliseconds timeout);

  // Calls `handler` for one inbound message with its workflow id (as
  // received, any msgpack value) as context: log lines carry its text, and
  // the handler's sends carry it, then "<id>_1", "<id>_2"... (the Python
  // framework's numbering). Returns the handler's result.
  Json dispatch(const Handler& handler, const Json& args, const Json& workflow_id);
  // The same, when the caller already has wire::workflow_text(workflow_id)
  // (ignored for a null id): one string copy less per message.
  Json dispatch(const Handler& handler, const Json& args, const Json& workflow_id, const std::string& workflow_text);
  // The text of the id sends extend: the inbound id inside a handler (or the
  // one main set), "" at a leading edge.
  const std::string& workflow_root() const { return workflow_root_text_; }
  // The id the next send carries; at a leading edge a fresh UUID object,
  // drawn now and kept for that send.
  const Json& peek_workflow_id();
  // Continues `workflow_id` (null: back to fresh ids): the next send carries
  // it as given, later ones "<id>_1", "<id>_2"...
  void set_workflow_id(Json workflow_id);

  // Stop requests and signals (runtime_signals.cpp): queued from any thread,
  // their handlers run on this runtime's thread. SIGINT/SIGTERM and
  // stop_service() stop it; SIGHUP/SIGUSR1/SIGUSR2 run a handler and go on.
  void enable_signals();
  void request_stop();                 // any thread: stop_service(), runs sigterm_handler
  bool stop_requested() const { return stopping_; }
  void deliver_signal(int signum);     // any thread

  // Drives the endpoints: the service loop until stopped.
  void run_loop(std::chrono::milliseconds min_wait);
  // Main mode: runs main, serving framework sockets from inside to_send/sleep_for.
  void run_main();
  // Waits up to `timeout` serving sockets, timers and signals. False once stopping.
  bool pump(std::chrono::milliseconds timeout);
  // Serves sockets, timers and signals until done() or the deadline (false) or a stop (false).
  bool wait_until(Clock::time_point deadline, const std::function<bool()>& done);

  // For endpoints that wait on a socket of their own (a requester's reply):
  // poll these too, and call on_control_readable() when one is readable; it
  // runs a pending signal's handler and returns true once the service is stopping.
  void control_items(std::vector<zmq::pollitem_t>& items) const;
  bool on_control_readable();

  // CURVE on every socket (core/curve_keys.hpp): starts the ZAP handler, so
  // call it before any endpoint is built. Throws sf::Error when libzmq has no CURVE.
  void enable_curve(CurveKeys keys);
  const CurveKeys* curve() const { return curve_.get(); }

  void close();  // sockets closed, lingering sends flushed within a bound

  // Counters (runtime_metrics.cpp). A supervisor's stats socket (one
  // SOCK_SEQPACKET end, e.g. sfsup's SF_STATS_FD): each datagram it sends is
  // answered with one datagram holding metrics_snapshot() as JSON, from this
  // loop, never blocking it.
  void set_stats_fd(int fd) { stats_fd_ = fd; }
  Json metrics_snapshot() const;

 private:
  struct Slot {
    Kind kind;
    Side side;
    std::string name;
    std::unique_ptr<Endpoint> endpoint;
    std::unique_ptr<ArgsSchema> arguments;
    std::unique_ptr<ArgsSchema> returns;
  };
  Slot* find(Kind kind, Side side, std::string_view name);
  // The one data socket of this runtime when it was just readable and no
  // timer is pending: run_loop may serve it in a busy run (core/busy_serving.hpp).
  struct BusySocket {
    Slot* slot = nullptr;
    std::size_t index = 0;
  };
  BusySocket poll_once(std::chrono::milliseconds timeout);
  void serve_busy(BusySocket busy);
  void run_pending_signals();
  void run_stop_handler(int signum, bool from_stop_service);
  void run_signal_handler(int signum);
  Json next_workflow_id();
  void serve_stats_requests();

  const Definition& definition_;
  std::string service_name_;
  zmq::context_t context_;
  Json config_ = Json::object();
  std::int64_t max_message_bytes_ = -1;  // ZeroMQ's "no limit" until the runner sets it
  std::size_t max_subscriptions_ = 10'000;
  Json states_ = Json::object();
  std::unique_ptr<CurveKeys> curve_;
  std::unique_ptr<class ZapHandler> zap_;  // declared before slots_: outlives every CURVE server
  std::vector<Slot> slots_;
  Wakeup wakeup_;
  bool signals_enabled_ = false;
  std::atomic<std::uint32_t> pending_signals_{0};  // bit (1 << signum) per queued signal
  std::atomic<bool> stop_asked_{false};
  bool stopping_ = false;
  bool stop_handled_ = false;          // one stop handler per run, whatever asked first
  bool in_signal_handler_ = false;
  Json workflow_root_;                 // inbound id while a handler runs (null: leading edge)
  std::string workflow_root_text_;     // its text, what "_n" extends ("" when null)
  unsigned workflow_counter_ = 0;      // sends made under workflow_root_
  Json pending_workflow_id_;           // a leading edge's id drawn by peek_workflow_id
  bool main_mode_ = false;
  int stats_fd_ = -1;
  int poll_depth_ = 0;
  Clock::time_point last_pump_{};
  std::vector<zmq::pollitem_t> items_;                 // reused by poll_once: no allocation per turn
  std::vector<std::pair<Slot*, std::size_t>> owners_;  // items_[k] belongs to owners_[k - controls]
};

}  // namespace sf::detail
