#include "planning/wildcard_addresses.hpp"

#include "planning/explicit_sockets.hpp"

#include <fmt/format.h>

namespace sfsup {

namespace {

std::string host_of(const std::string& endpoint) {
  const std::string rest = endpoint.substr(6);  // after tcp://
  const auto colon = rest.rfind(':');
  return colon == std::string::npos ? rest : rest.substr(0, colon);
}

std::string with_loopback(const std::string& endpoint) {
  const auto colon = endpoint.rfind(':');
  return "tcp://127.0.0.1" + endpoint.substr(colon);
}

}  // namespace

bool is_wildcard_endpoint(const std::string& endpoint) {
  if (endpoint.rfind("tcp://", 0) != 0) return false;
  const std::string host = host_of(endpoint);
  return host == "*" || host == "0.0.0.0" || host == "::" || host == "[::]" || host == "[*]";
}

void check_wildcard_addresses(const Topology& topology, const DescribedServices& described,
                              const Wiring& wiring, Diagnostics& diagnostics) {
  for (const auto& x : explicit_sockets(topology, described)) {
    const ServiceDecl& service = *x.service;
    const EndpointDecl& decl = *x.decl;
    const SocketDescription& s = *x.socket;
    const ExplicitAddress* a = x.address;
    if (!is_wildcard_endpoint(a->endpoint)) continue;
    const std::string here = fmt::format("{}.{}.{}", service.name, decl.name, s.name);
    if (!s.binds) {
      diagnostics.add(a->mark, fmt::format("{} connects to {}, a wildcard that only a binding "
                                           "socket can use; connect to the host it runs on, "
                                           "e.g. {}",
                                           here, a->endpoint, with_loopback(a->endpoint)));
      continue;
    }
    const auto links = wiring.links_of(service.name, decl.kind, decl.direction, decl.name);
    if (links.empty()) continue;  // clients outside the topology: binding every interface is their call
    const Link& link = *links.front();
    const std::string peer = decl.direction == Direction::in
                                 ? link.out_service + "." + link.out_name
                                 : link.in_service + "." + link.in_name;
    diagnostics.add(a->mark, fmt::format("{} binds the wildcard {}, which {} would have to "
                                         "connect to and cannot; write {} (peers in the "
                                         "topology connect there)",
                                         here, a->endpoint, peer, with_loopback(a->endpoint)));
  }
}

}  // namespace sfsup
