// replyer (in): a REP socket, bound by default. The handler's return is the
// reply; any failure is an error reply, so a requester is never left hanging.
#include <cerrno>

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
    // One request per wake-up: looking for a second one costs a system call
    // (libzmq processes its command queue on an EAGAIN recv) on every round
    // trip, and the loop's next poll checks the socket first anyway.
    zmq::message_t request;
    if (socket_.recv(request, zmq::recv_flags::dontwait)) serve(request);
  }

  bool serve_waiting(std::size_t, std::chrono::milliseconds wait) override {
    if (wait.count() != receive_timeout_ms_) {  // a setsockopt only when it changes
      receive_timeout_ms_ = static_cast<int>(wait.count());
      socket_.set(zmq::sockopt::rcvtimeo, receive_timeout_ms_);
    }
    zmq::message_t request;
    try {
      if (!socket_.recv(request, zmq::recv_flags::none)) return false;  // quiet for `wait`
    } catch (const zmq::error_t& e) {
      if (e.num() == EINTR) return false;
      throw;
    }
    serve(request);
    return true;
  }

 private:
  void serve(const zmq::message_t& request) {
    metrics.received(request.size());
    out_.clear();
    if (request.more()) {
      refuse_multipart(out_);
    } else {
      answer(request, out_);
    }
    socket_.send(zmq::buffer(out_), zmq::send_flags::none);
    metrics.sent(out_.size());
  }

  // A request is one frame. REP hands us a multi-frame one part by part; read
  // the rest (a REP socket answers only after the last part) and answer once.
  void refuse_multipart(std::vector<std::uint8_t>& out) {
    int parts = 1;
    zmq::message_t part;
    do {
      if (!socket_.recv(part, zmq::recv_flags::none)) break;  // the rest of a multipart is already here
      ++parts;
    } while (part.more());
    const std::string problem = fmt::format(
        "a request is one frame holding msgpack({{\"args\": ..., \"workflow_id\": ...}}); got {} frames", parts);
    metrics.error(ErrorKind::malformed);
    get_logger()->warn("{}: rejected request: {}", label_, problem);
    wire::encode(wire::error_reply("malformed", problem, nullptr), out);
  }

  // Writes the reply (or an error reply) for one request into `out`.
  void answer(const zmq::message_t& request, std::vector<std::uint8_t>& out) {
    InboundMessage in = read_inbound(request, arguments_, false);
    auto fail = [&](std::string_view kind, const std::string& problem, const char* what) {
      metrics.error(kind);
      WorkflowScope scope(in.workflow_text);
      get_logger()->warn("{}: {}: {}", label_, what, problem);
      wire::encode(wire::error_reply(kind, problem, in.workflow_id), out);
    };
    if (!in.error.empty()) return fail(in.error_kind, in.error, "rejected request");
    Json result;
    try {
      HandlerTimer timer(metrics.handler_latency);
      result = runtime_.dispatch(handler_, in.args, in.workflow_id, in.workflow_text);
    } catch (const std::exception& e) {
      return fail("handler_error", e.what(), "handler failed");
    }
    if (result.is_null()) result = Json::object();
    if (returns_ != nullptr) {
      if (auto problem = returns_->check(result, "return_args"); !problem.empty()) {
        return fail("invalid_return", problem, "the handler's return does not match the return model");
      }
    }
    wire::encode_reply(result, in.workflow_id, out);  // no envelope copy of the result
  }

  Runtime& runtime_;
  std::string label_;
  Handler handler_;
  const ArgsSchema& arguments_;
  const ArgsSchema* returns_;
  zmq::socket_t socket_;
  std::vector<std::uint8_t> out_;
  int receive_timeout_ms_ = -1;  // ZMQ_RCVTIMEO as last set (libzmq's default: -1)
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
