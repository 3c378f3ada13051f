#pragma once
// Reading one inbound request or publication: decode, check the envelope,
// validate args. Every failure becomes one line, never an exception that
// could take the service down.
#include <optional>
#include <string>

#include <zmq.hpp>

#include <sf/json.hpp>

#include "model/schema.hpp"

namespace sf::detail {

struct InboundMessage {
  Json args;
  Json workflow_id;          // as received (any msgpack value; null when missing)
  std::string workflow_text; // how logs show it: wire::workflow_text
  std::string error_kind;   // empty when the message is good
  std::string error;        // one line: what is wrong with it
};

// `may_have_topic`: subscribers' frames can start with msgpack(topic).
InboundMessage read_inbound(const zmq::message_t& frame, const ArgsSchema& model, bool may_have_topic);

}  // namespace sf::detail
