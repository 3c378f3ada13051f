#pragma once
// Where every socket of every worker binds or connects. Binding sockets get
// the user's explicit address or one sfsup assigns (ipc:// files under the
// run directory, or 127.0.0.1 ports on `transport: tcp`); connecting sockets
// get the address of the binding socket they are linked to.
#include <compare>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "planning/wiring.hpp"

namespace sfsup {

struct SocketRef {
  std::string service;
  EndpointKind kind = EndpointKind::connection;
  Direction direction = Direction::in;
  std::string endpoint;
  std::string socket;
  auto operator<=>(const SocketRef&) const = default;
};

struct EndpointPlan {
  std::map<SocketRef, std::string> endpoints;  // full ZeroMQ endpoints
  std::filesystem::path ipc_dir;               // where assigned ipc:// sockets live
  std::vector<std::string> notes;              // said to the user (e.g. ipc_dir moved to /tmp)
};

// True when nothing listens on 127.0.0.1:port (tries to bind it).
bool tcp_port_is_free(int port);
using PortProbe = std::function<bool(int port)>;

// Explicit addresses that cannot work: `address:` on an endpoint with no or
// several sockets, unknown socket names, two binding sockets on one address.
void check_explicit_addresses(const Topology& topology, const DescribedServices& described,
                              Diagnostics& diagnostics);

// Assigns every socket. May create a short per-run directory under /tmp when
// run_dir/ipc is too deep for a unix socket path (said in `notes`). Reports
// running out of tcp ports.
EndpointPlan plan_endpoints(const Topology& topology, const DescribedServices& described,
                            const Wiring& wiring, const std::filesystem::path& run_dir,
                            Diagnostics& diagnostics, const PortProbe& port_is_free = tcp_port_is_free);

}  // namespace sfsup
