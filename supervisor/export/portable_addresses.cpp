#include "export/portable_addresses.hpp"

#include "planning/explicit_sockets.hpp"

#include <fmt/format.h>

#include <vector>

namespace sfsup {

bool is_loopback_endpoint(const std::string& endpoint) {
  if (endpoint.rfind("tcp://", 0) != 0) return false;
  const std::string rest = endpoint.substr(6);
  const auto colon = rest.rfind(':');
  const std::string host = colon == std::string::npos ? rest : rest.substr(0, colon);
  return host.rfind("127.", 0) == 0 || host == "localhost" || host == "::1" || host == "[::1]" ||
         host == "ip6-localhost";
}

std::map<std::string, SocketRef> check_portable_addresses(const Topology& topology, const DescribedServices& described,
                                                          Diagnostics& diagnostics) {
  const auto sockets = explicit_sockets(topology, described);
  std::map<std::string, SocketRef> ipc_bound;
  for (const auto& x : sockets) {
    const std::string here = fmt::format("{}.{}.{}", x.service->name, x.decl->name, x.socket->name);
    if (is_loopback_endpoint(x.address->endpoint)) {
      diagnostics.add(x.address->mark, fmt::format("{} uses {}, a loopback address no other pod or container can "
                                                   "reach; remove `address:` and wire it with from:/to: (export "
                                                   "assigns a port), or give a routable host",
                                                   here, x.address->endpoint));
    } else if (x.address->endpoint.rfind("ipc://", 0) == 0 && x.socket->binds) {
      ipc_bound.emplace(x.address->endpoint,
                        SocketRef{x.service->name, x.decl->kind, x.decl->direction, x.decl->name, x.socket->name});
    }
  }
  for (const auto& x : sockets) {
    const std::string& endpoint = x.address->endpoint;
    if (endpoint.rfind("ipc://", 0) != 0 || x.socket->binds || ipc_bound.count(endpoint)) continue;
    diagnostics.add(x.address->mark, fmt::format("{}.{}.{} connects to {}, a unix socket bound by a process outside "
                                                 "this topology, which no container can share; give that process a "
                                                 "tcp address (address: tcp://HOST:PORT) or add it to the topology "
                                                 "as a service",
                                                 x.service->name, x.decl->name, x.socket->name, endpoint));
  }
  return ipc_bound;
}

}  // namespace sfsup
