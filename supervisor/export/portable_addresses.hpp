#pragma once
// Explicit addresses that only mean something on one machine. A loopback
// address is unreachable from another pod; an ipc:// file can be shared by
// workers of this topology (export turns it into a port) but not with a
// process outside it, which no container can reach.
#include <map>
#include <string>

#include "planning/endpoint_plan.hpp"

namespace sfsup {

// True for tcp:// endpoints on 127.0.0.0/8, ::1 or localhost.
bool is_loopback_endpoint(const std::string& endpoint);

// Reports the addresses that cannot be exported. Returns the explicit ipc://
// addresses bound inside the topology, which export replaces with a port.
std::map<std::string, SocketRef> check_portable_addresses(const Topology& topology, const DescribedServices& described,
                                                          Diagnostics& diagnostics);

}  // namespace sfsup
