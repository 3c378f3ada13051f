#pragma once
// Wildcard hosts (`tcp://*:5555`, `tcp://0.0.0.0:5555`) in explicit
// addresses. A socket may bind all interfaces for clients outside the
// topology, but a peer sfsup wires to it would connect to that same text,
// which ZeroMQ refuses ("Invalid argument"): refused here, with the fix.
#include "planning/wiring.hpp"

namespace sfsup {

// True for tcp:// endpoints whose host is `*`, `0.0.0.0`, `::` or `[::]`.
bool is_wildcard_endpoint(const std::string& endpoint);

void check_wildcard_addresses(const Topology& topology, const DescribedServices& described,
                              const Wiring& wiring, Diagnostics& diagnostics);

}  // namespace sfsup
