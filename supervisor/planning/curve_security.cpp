#include "planning/curve_security.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <zmq.h>

namespace sfsup {

using nlohmann::json;

namespace {

std::string socket_key(const SocketRef& ref) {
  return fmt::format("{}s.{}.{}.{}", to_string(ref.kind), to_string(ref.direction), ref.endpoint,
                     ref.socket);
}

// Calls f(service, endpoint description, endpoint decl or nullptr, socket) for every socket.
template <typename F>
void for_each_socket(const Topology& topology, const DescribedServices& described, F&& f) {
  for (const auto& service : topology.services) {
    auto d = described.find(service.name);
    if (d == described.end()) continue;
    for (const auto& e : d->second.endpoints) {
      const EndpointDecl* decl = service.find(e.kind, e.direction, e.name);
      for (const auto& s : e.sockets) f(service, e, decl, s);
    }
  }
}

}  // namespace

void check_curve_security(const Topology& topology, const DescribedServices& described,
                          Diagnostics& diagnostics) {
  if (topology.security != Security::curve) return;
  if (zmq_has("curve") == 0) {
    int major = 0, minor = 0, patch = 0;
    zmq_version(&major, &minor, &patch);
    diagnostics.add(topology.security_mark,
                    fmt::format("security: curve needs a libzmq built with CURVE, and this one "
                                "({}.{}.{}) is not; install one built with libsodium (Debian's "
                                "libzmq5 is) or remove security: curve",
                                major, minor, patch));
  }
  std::set<std::string> bound;  // explicit addresses binding sockets of the topology take
  for_each_socket(topology, described, [&](const ServiceDecl&, const EndpointDescription& e,
                                           const EndpointDecl* decl, const SocketDescription& s) {
    const ExplicitAddress* a = decl ? decl->address_of(s.name, e.sockets.size()) : nullptr;
    if (a && s.binds) bound.insert(a->endpoint);
  });
  for_each_socket(topology, described, [&](const ServiceDecl& service, const EndpointDescription& e,
                                           const EndpointDecl* decl, const SocketDescription& s) {
    const ExplicitAddress* a = decl ? decl->address_of(s.name, e.sockets.size()) : nullptr;
    if (!a || s.binds || bound.count(a->endpoint)) return;
    diagnostics.add(a->mark,
                    fmt::format("{}.{}.{} connects to {}, which no service of this topology binds, "
                                "and security: curve only lets services of the topology talk (an "
                                "outside peer has no key sfsup knows); wire it with {}: "
                                "<service>.<endpoint>, or remove security: curve",
                                service.name, e.name, s.name, a->endpoint,
                                e.direction == Direction::in ? "from" : "to"));
  });
}

std::map<std::string, json> curve_socket_keys(const Topology& topology,
                                              const DescribedServices& described,
                                              const EndpointPlan& endpoints,
                                              const std::map<std::string, std::string>& public_keys) {
  // Binding sockets by address: a connecting socket's peer is the binding
  // socket at its address (linked or given explicitly, check_explicit_addresses
  // keeps those unique).
  std::map<std::string, SocketRef> binder_at;
  std::map<std::string, json> documents;
  for_each_socket(topology, described, [&](const ServiceDecl& service, const EndpointDescription& e,
                                           const EndpointDecl*, const SocketDescription& s) {
    SocketRef ref{service.name, e.kind, e.direction, e.name, s.name};
    auto& sockets = documents.try_emplace(service.name, json::object()).first->second;
    if (!s.binds) return;
    sockets[socket_key(ref)] = {{"accept", json::array()}};
    if (auto it = endpoints.endpoints.find(ref); it != endpoints.endpoints.end()) binder_at.emplace(it->second, ref);
  });
  for_each_socket(topology, described, [&](const ServiceDecl& service, const EndpointDescription& e,
                                           const EndpointDecl*, const SocketDescription& s) {
    if (s.binds) return;
    SocketRef ref{service.name, e.kind, e.direction, e.name, s.name};
    auto address = endpoints.endpoints.find(ref);
    if (address == endpoints.endpoints.end()) return;  // unwired: the wiring check said so
    auto binder = binder_at.find(address->second);
    if (binder == binder_at.end()) return;  // outside the topology: check_curve_security said so
    documents[service.name][socket_key(ref)] = {{"server_key", public_keys.at(binder->second.service)}};
    auto& accept = documents[binder->second.service][socket_key(binder->second)]["accept"];
    const std::string& mine = public_keys.at(service.name);
    if (std::find(accept.begin(), accept.end(), mine) == accept.end()) accept.push_back(mine);
  });
  return documents;
}

}  // namespace sfsup
