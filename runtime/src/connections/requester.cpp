// requester (out): a REQ socket, connected. Send, then wait for the reply with
// a timeout; a lost reply resets the socket and retries (the ZeroMQ guide's
// Lazy Pirate), so a dead replyer never hangs the service forever.
#include <algorithm>
#include <cerrno>

#include <fmt/format.h>

#include <sf/error.hpp>
#include <sf/log.hpp>

#include "connections/socket_setup.hpp"
#include "core/busy_serving.hpp"
#include "core/poll_items.hpp"
#include "core/endpoint_registry.hpp"
#include "core/runtime.hpp"
#include "wire/codec.hpp"

namespace sf::detail {
namespace {

class Requester final : public Endpoint {
 public:
  explicit Requester(EndpointContext& ctx)
      : runtime_(ctx.runtime), label_(ctx.label()), context_(ctx.context), setup_(ctx) {
    timeout_ = std::chrono::milliseconds(ctx.options.value("timeout_ms", 5000));
    retries_ = ctx.options.value("retries", 2);
    if (timeout_.count() <= 0 || retries_ < 0) {
      throw Error(fmt::format("{}: timeout_ms must be > 0 and retries >= 0", label_));
    }
    connect();
  }

  Json send(const Json& args, const Json& workflow_id) override {
    out_.clear();
    wire::encode_request(args, workflow_id, out_);  // no envelope copy of args
    const bool was_stopping = runtime_.stop_requested();
    for (int attempt = 0; attempt <= retries_; ++attempt) {
      socket_->send(zmq::buffer(out_), zmq::send_flags::none);
      metrics.sent(out_.size());
      if (auto reply = await_reply(was_stopping)) {
        metrics.received(reply->size());
        return unpack(*reply);
      }
      get_logger()->warn("{}: no reply within {} ms (attempt {}/{}); resetting the socket", label_,
                         timeout_.count(), attempt + 1, retries_ + 1);
      connect();  // a REQ socket that lost its reply can't send again
    }
    metrics.error(ErrorKind::timeout);
    throw TimeoutError(fmt::format("{}: no reply after {} attempts of {} ms; is the replyer at {} up?",
                                   label_, retries_ + 1, timeout_.count(), endpoints_));
  }

 private:
  void connect() {
    socket_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::req);
    attach(*socket_, setup_, "requester", false);
    socket_->set(zmq::sockopt::linger, 0);  // unanswered requests die with the socket
    receive_timeout_ms_ = -1;
    endpoints_ = fmt::format("{}", fmt::join(socket_endpoints(setup_, "requester"), ", "));
  }

  std::optional<zmq::message_t> await_reply(bool was_stopping) {
    const auto deadline = Clock::now() + timeout_;
    if (auto reply = await_reply_in_libzmq(deadline)) return reply;
    for (;;) {
      auto& items = items_;  // kept across calls: no allocation per request
      items.clear();
      items.push_back({socket_->handle(), 0, ZMQ_POLLIN, 0});
      runtime_.control_items(items);
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return std::nullopt;
      poll_items(items.data(), items.size(), left);
      last_control_look_ = Clock::now();
      if (items[0].revents & ZMQ_POLLIN) {
        zmq::message_t reply;
        if (socket_->recv(reply, zmq::recv_flags::dontwait)) return reply;
      }
      for (std::size_t i = 1; i < items.size(); ++i) {
        if ((items[i].revents & ZMQ_POLLIN) && runtime_.on_control_readable() && !was_stopping) {
          throw Error(fmt::format("{}: request abandoned: the service is stopping", label_));
        }
      }
    }
  }

  // A prompt reply, waited for by a blocking recv (core/busy_serving.hpp):
  // only while the control fds were looked at within the last kBusyWindow,
  // and for at most kBusyWait; nullopt sends the caller to the full wait,
  // which watches them too.
  std::optional<zmq::message_t> await_reply_in_libzmq(Clock::time_point deadline) {
    const auto now = Clock::now();
    if (now - last_control_look_ >= kBusyWindow) return std::nullopt;
    const auto left = std::min(kBusyWait, std::chrono::floor<std::chrono::milliseconds>(deadline - now));
    if (left.count() <= 0) return std::nullopt;
    if (left.count() != receive_timeout_ms_) {  // a setsockopt only when it changes
      receive_timeout_ms_ = static_cast<int>(left.count());
      socket_->set(zmq::sockopt::rcvtimeo, receive_timeout_ms_);
    }
    zmq::message_t reply;
    try {
      if (socket_->recv(reply, zmq::recv_flags::none)) return reply;
    } catch (const zmq::error_t& e) {
      if (e.num() != EINTR) throw;
    }
    return std::nullopt;
  }

  Json unpack(const zmq::message_t& reply) {
    Json payload = wire::decode(reply.data(), reply.size());
    if (payload.is_object()) {
      if (auto error = payload.find("error"); error != payload.end()) {
        const auto text = wire::error_text_of(*error);
        metrics.error(text.kind);
        throw RemoteError(fmt::format("{}: the replyer answered {}: {}", label_, text.kind, text.message));
      }
      if (auto result = payload.find("return_args"); result != payload.end()) return std::move(*result);
    }
    metrics.error(ErrorKind::malformed);
    throw Error(fmt::format("{}: the reply is not {{\"return_args\": ..., \"workflow_id\": ...}}", label_));
  }

  Runtime& runtime_;
  std::string label_;
  zmq::context_t& context_;
  EndpointContext setup_;
  std::chrono::milliseconds timeout_;
  int retries_;
  std::unique_ptr<zmq::socket_t> socket_;
  std::string endpoints_;
  std::vector<std::uint8_t> out_;
  std::vector<zmq::pollitem_t> items_;
  Clock::time_point last_control_look_{};  // the full wait's last poll of the control fds
  int receive_timeout_ms_ = -1;            // ZMQ_RCVTIMEO as last set (libzmq's default: -1)
};

const EndpointTypeRegistration registration{EndpointType{
    .name = "requester",
    .kind = Kind::connection,
    .side = Side::out,
    .accepted_options = {.required = Json::object(),
                         .optional = {{"timeout_ms", "int"}, {"retries", "int"}}},
    .sockets = {{"requester", false, "replyer"}},
    .make = [](EndpointContext& ctx) { return std::make_unique<Requester>(ctx); },
}};

}  // namespace
}  // namespace sf::detail
