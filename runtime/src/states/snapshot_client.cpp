#include "states/snapshot_client.hpp"

#include <fmt/format.h>

#include <sf/error.hpp>

#include "connections/socket_setup.hpp"
#include "core/runtime.hpp"
#include "states/state_message.hpp"
#include "wire/codec.hpp"

namespace sf::detail {

SnapshotClient::SnapshotClient(EndpointContext& ctx, std::chrono::milliseconds timeout)
    : curve_(ctx, "requester", false),
      context_(ctx.context),
      endpoints_(socket_endpoints(ctx, "requester")),
      label_(ctx.label()),
      timeout_(timeout),
      max_message_bytes_(ctx.runtime.max_message_bytes()),
      prefix_(new_epoch().substr(0, 8)) {}

void SnapshotClient::request(Clock::time_point now) {
  cancel();
  socket_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::dealer);
  curve_.apply(*socket_);
  socket_->set(zmq::sockopt::linger, 0);  // an unanswered request dies with its socket
  socket_->set(zmq::sockopt::maxmsgsize, max_message_bytes_);
  for (const auto& endpoint : endpoints_) {
    try {
      socket_->connect(endpoint);
    } catch (const zmq::error_t& e) {
      socket_.reset();
      throw Error(fmt::format("{} socket 'requester': cannot connect to {}: {}", label_, endpoint, e.what()));
    }
  }
  workflow_id_ = fmt::format("snapshot-{}-{}", prefix_, ++counter_);
  std::vector<std::uint8_t> out;
  wire::encode_request(Json::object(), workflow_id_, out);
  // The empty delimiter makes a DEALER look like a REQ to REP and ROUTER peers.
  socket_->send(zmq::message_t(), zmq::send_flags::sndmore | zmq::send_flags::dontwait);
  socket_->send(zmq::buffer(out), zmq::send_flags::dontwait);
  deadline_ = now + timeout_;
  ++attempts_;
}

void SnapshotClient::cancel() {
  socket_.reset();
}

std::optional<Json> SnapshotClient::receive() {
  if (!socket_) return std::nullopt;
  std::vector<zmq::message_t> frames;
  zmq::message_t frame;
  if (!socket_->recv(frame, zmq::recv_flags::dontwait)) return std::nullopt;
  frames.push_back(std::move(frame));
  while (frames.back().more()) {
    zmq::message_t next;
    if (!socket_->recv(next, zmq::recv_flags::none)) break;
    frames.push_back(std::move(next));
  }
  Json payload;
  try {
    payload = wire::decode(frames.back().data(), frames.back().size());
  } catch (const std::exception& e) {
    cancel();
    throw Error(fmt::format("malformed snapshot reply: {}", e.what()));
  }
  // A peer that does not echo workflow ids is taken at its word: this
  // socket only ever carried the one request.
  if (payload.is_object()) {
    auto wid = payload.find("workflow_id");
    if (wid != payload.end() && wid->is_string() && wid->get<std::string>() != workflow_id_ &&
        wid->get<std::string>() != "-") {
      return std::nullopt;
    }
  }
  cancel();
  attempts_ = 0;
  return payload;
}

}  // namespace sf::detail
