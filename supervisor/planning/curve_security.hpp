#pragma once
// `security: curve`: what must hold for CURVE to cover a topology, and who
// may talk to whom. Every binding socket is a CURVE server that lets in only
// the public keys of the topology's sockets that connect to it; every
// connecting socket pins the public key of the service it connects to. A
// socket connecting outside the topology has no key sfsup knows, so it is
// refused at `check`.
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "planning/endpoint_plan.hpp"

namespace sfsup {

// Nothing unless `security: curve`: libzmq without CURVE, connecting sockets
// whose explicit address no binding socket of the topology has.
void check_curve_security(const Topology& topology, const DescribedServices& described,
                          Diagnostics& diagnostics);

// Per service, the "sockets" part of its CURVE keys file (the worker's
// --curve): "<kind>s.<direction>.<endpoint>.<socket>" -> {"accept": [client
// keys]} for binding sockets, {"server_key": key} for connecting ones.
// `public_keys`: service -> its Z85 public key.
std::map<std::string, nlohmann::json> curve_socket_keys(
    const Topology& topology, const DescribedServices& described, const EndpointPlan& endpoints,
    const std::map<std::string, std::string>& public_keys);

}  // namespace sfsup
