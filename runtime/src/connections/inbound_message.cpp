#include "connections/inbound_message.hpp"

#include <fmt/format.h>

#include <sf/error.hpp>

#include "wire/codec.hpp"

namespace sf::detail {

InboundMessage read_inbound(const zmq::message_t& frame, const ArgsSchema& model, bool may_have_topic) {
  InboundMessage in;
  Json payload;
  try {
    payload = may_have_topic ? wire::decode_frame(frame.data(), frame.size()).payload
                             : wire::decode(frame.data(), frame.size());
  } catch (const std::exception& e) {
    in.workflow_text = "-";
    in.error_kind = "malformed";
    in.error = e.what();
    return in;
  }
  if (payload.is_object()) {
    if (auto wid = payload.find("workflow_id"); wid != payload.end()) in.workflow_id = std::move(*wid);
  }
  in.workflow_text = wire::workflow_text(in.workflow_id);
  auto args = payload.is_object() ? payload.find("args") : payload.end();
  if (!payload.is_object() || args == payload.end()) {
    in.error_kind = "invalid";
    in.error = R"(the message must be {"args": {...}, "workflow_id": ...})";
    return in;
  }
  if (auto problem = model.check(*args); !problem.empty()) {
    in.error_kind = "invalid_args";
    in.error = std::move(problem);
    return in;
  }
  in.args = std::move(*args);
  return in;
}

}  // namespace sf::detail
