#include "states/snapshot_server.hpp"

#include <sf/log.hpp>

#include "connections/socket_setup.hpp"
#include "core/logging.hpp"
#include "wire/codec.hpp"

namespace sf::detail {

SnapshotServer::SnapshotServer(EndpointContext& ctx, Answer answer)
    : label_(ctx.label()), answer_(std::move(answer)), socket_(ctx.context, zmq::socket_type::router) {
  attach(socket_, ctx, "replyer", true);
}

void SnapshotServer::on_readable() {
  // A few requests per wake-up; a snapshot may be large, so not too many.
  for (int i = 0; i < 16; ++i) {
    std::vector<zmq::message_t> frames;
    zmq::message_t frame;
    if (!socket_.recv(frame, zmq::recv_flags::dontwait)) return;
    frames.push_back(std::move(frame));
    while (frames.back().more()) {
      zmq::message_t next;
      if (!socket_.recv(next, zmq::recv_flags::none)) break;  // the rest of a multipart is already here
      frames.push_back(std::move(next));
    }
    answer_one(frames);
  }
}

void SnapshotServer::answer_one(std::vector<zmq::message_t>& frames) {
  // [identity, (empty delimiter,) request]: everything before the request
  // goes back as the routing envelope.
  if (frames.size() < 2) return;
  Json workflow_id;
  std::string problem;
  try {
    Json request = wire::decode(frames.back().data(), frames.back().size());
    if (request.is_object()) {
      workflow_id = wire::workflow_id_of(request);
      if (auto args = request.find("args"); args != request.end() && !args->is_object() && !args->is_null()) {
        problem = "a snapshot request's args must be {}";
      }
    } else {
      problem = R"(a snapshot request must be {"args": {}, "workflow_id": str})";
    }
  } catch (const std::exception& e) {
    problem = e.what();
  }
  out_.clear();
  if (problem.empty()) {
    wire::encode(answer_(workflow_id), out_);
  } else {
    WorkflowScope scope(wire::workflow_text(workflow_id));
    get_logger()->warn("{}: bad snapshot request: {}", label_, problem);
    wire::encode(wire::error_reply("invalid", problem, workflow_id), out_);
  }
  for (std::size_t i = 0; i + 1 < frames.size(); ++i) {
    socket_.send(frames[i], zmq::send_flags::sndmore | zmq::send_flags::dontwait);
  }
  // dontwait: a follower that vanished (or is not reading) is not worth blocking for.
  socket_.send(zmq::buffer(out_), zmq::send_flags::dontwait);
}

}  // namespace sf::detail
