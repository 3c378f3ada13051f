#pragma once
// A service's `connections:` and `states:` blocks: which of its connections
// and states it names, who they are wired to, and any explicit addresses.
#include <optional>
#include <string>
#include <vector>

#include "topology/topology.hpp"
#include "topology/yaml_reader.hpp"

namespace sfsup {

// Reads `connections: {in: {...}, out: {...}}` (or `states:`) of `service`.
void read_endpoints(const MapEntry& block, EndpointKind kind, const std::string& service,
                    std::vector<EndpointDecl>& out, Diagnostics& diagnostics);

// A user-written address as a full ZeroMQ endpoint: "host:port" becomes
// "tcp://host:port"; tcp:// and ipc:// pass when well formed. Otherwise
// nullopt and `why` says what is wrong and how to write it.
std::optional<std::string> normalize_endpoint(const std::string& text, std::string& why);

// Longest ipc:// path a unix socket takes (sun_path is 108 bytes with its NUL).
inline constexpr std::size_t kMaxIpcPathLength = 107;

}  // namespace sfsup
