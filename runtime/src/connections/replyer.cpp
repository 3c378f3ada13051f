// replyer (in): a REP socket, bound by default. The handler's return is the
// reply; any failure is an error reply, so a requester is never left hanging.
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

class Replyer final : public Endpoint {
 public:
  explicit Replyer(EndpointContext& ctx)
      : runtime_(ctx.runtime),
        label_(ctx.label()),
        handler_(ctx.model.handler),
        arguments_(ctx.arguments),
        returns_(ctx.returns),
        socket_(ctx.context, zmq::socket_type::rep) {
    if (!handler_) throw Error(fmt::format("{}: a replyer needs a handler: sf::replyer(on_request)", label_));
    attach(socket_, ctx, "replyer", !option_flag(ctx.options, "is_connector"));
  }

  std::vector<zmq::socket_ref> pollables() override { return {socket_}; }

  void on_readable(std::size_t) override {
    // A few requests per wake-up: fewer polls under load, still fair to others.
    for (int i = 0; i < 64; ++i) {
      zmq::message_t request;
      if (!socket_.recv(request, zmq::recv_flags::dontwait)) return;
      Json reply = answer(request);
      out_.clear();
      wire::encode(reply, out_);
      socket_.send(zmq::buffer(out_), zmq::send_flags::none);
    }
  }

 private:
  Json answer(const zmq::message_t& request) {
    InboundMessage in = read_inbound(request, arguments_, false);
    WorkflowScope scope(in.workflow_id);
    auto log = get_logger();
    if (!in.error.empty()) {
      log->warn("{}: rejected request: {}", label_, in.error);
      return wire::error_reply(in.error_kind, in.error, in.workflow_id);
    }
    Json result;
    try {
      result = runtime_.dispatch(handler_, in.args, in.workflow_id);
    } catch (const std::exception& e) {
      log->error("{}: handler failed: {}", label_, e.what());
      return wire::error_reply("handler_error", e.what(), in.workflow_id);
    }
    if (result.is_null()) result = Json::object();
    if (returns_ != nullptr) {
      if (auto problem = returns_->check(result, "return_args"); !problem.empty()) {
        log->error("{}: the handler's return does not match the return model: {}", label_, problem);
        return wire::error_reply("invalid_return", problem, in.workflow_id);
      }
    }
    return wire::reply(result, in.workflow_id);
  }

  Runtime& runtime_;
  std::string label_;
  Handler handler_;
  const ArgsSchema& arguments_;
  const ArgsSchema* returns_;
  zmq::socket_t socket_;
  std::vector<std::uint8_t> out_;
};

const EndpointTypeRegistration registration{EndpointType{
    .name = "replyer",
    .kind = Kind::connection,
    .side = Side::in,
    .accepted_options = {.required = Json::object(), .optional = {{"is_connector", "bool"}}},
    .sockets = {{"replyer", true, ""}},
    .make = [](EndpointContext& ctx) { return std::make_unique<Replyer>(ctx); },
}};

}  // namespace
}  // namespace sf::detail
