#pragma once
// `sfsup call` (and any command that talks to a service's socket) under
// security: curve: sfsup's own key pair (keys/talk.sfsup.json), which every
// binding socket of the topology lets in, and the service's public key
// pinned. Nothing without a keys directory, or with --address (a peer
// outside the topology is called without keys).
#include <string>

#include <zmq.hpp>

#include "cli/cli_options.hpp"

namespace sfsup::cli {

void use_talk_curve_keys(zmq::socket_t& socket, const Options& options, const std::string& service);

}  // namespace sfsup::cli
