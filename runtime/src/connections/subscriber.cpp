// subscriber (in): a SUB socket, connected by default (is_binder: bind, for
// many publishers fanning in). Subscribes to msgpack(topic), or to everything.
#include <fmt/format.h>

#include <sf/error.hpp>
#include <sf/log.hpp>

#include "connections/inbound_message.hpp"
#include "connections/socket_setup.hpp"
#include "core/endpoint_registry.hpp"
#include "core/logging.hpp"
#include "core/runtime.hpp"
#include "wire/codec.hpp"

namespace sf::detail {
namespace {

class Subscriber final : public Endpoint {
 public:
  explicit Subscriber(EndpointContext& ctx)
      : runtime_(ctx.runtime),
        label_(ctx.label()),
        handler_(ctx.model.handler),
        arguments_(ctx.arguments),
        socket_(ctx.context, zmq::socket_type::sub) {
    if (!handler_) {
      throw Error(fmt::format("{}: a subscriber needs a handler: sf::subscriber(on_message)", label_));
    }
    socket_.set(zmq::sockopt::subscribe, wire::topic_prefix(ctx.options.value("topic", std::string())));
    attach(socket_, ctx, "subscriber", option_flag(ctx.options, "is_binder"));
    socket_.set(zmq::sockopt::linger, 0);  // nothing to flush: closing must not wait on a gone publisher
  }

  std::vector<zmq::socket_ref> pollables() override { return {socket_}; }

  void on_readable(std::size_t) override {
    // Drain a batch per wake-up: one poll per message would halve throughput.
    for (int i = 0; i < 256; ++i) {
      zmq::message_t frame;
      if (!socket_.recv(frame, zmq::recv_flags::dontwait)) return;
      metrics.received(frame.size());
      InboundMessage in = read_inbound(frame, arguments_, true);
      if (!in.error.empty()) {
        metrics.error(in.error_kind);
        WorkflowScope scope(in.workflow_text);
        get_logger()->warn("{}: dropped message: {}", label_, in.error);
        continue;
      }
      try {
        HandlerTimer timer(metrics.handler_latency);
        runtime_.dispatch(handler_, in.args, in.workflow_id, in.workflow_text);
      } catch (const std::exception& e) {
        metrics.error(ErrorKind::handler_error);
        WorkflowScope scope(in.workflow_text);
        get_logger()->error("{}: handler failed: {}", label_, e.what());
      }
    }
  }

 private:
  Runtime& runtime_;
  std::string label_;
  Handler handler_;
  const ArgsSchema& arguments_;
  zmq::socket_t socket_;
};

const EndpointTypeRegistration registration{EndpointType{
    .name = "subscriber",
    .kind = Kind::connection,
    .side = Side::in,
    .accepted_options = {.required = Json::object(),
                         .optional = {{"topic", "str"}, {"is_binder", "bool"}, {"is_xsub", "bool"}}},
    .sockets = {{"subscriber", false, "publisher"}},
    .make = [](EndpointContext& ctx) { return std::make_unique<Subscriber>(ctx); },
}};

}  // namespace
}  // namespace sf::detail
