#include "planning/explicit_sockets.hpp"

namespace sfsup {

std::vector<ExplicitSocket> explicit_sockets(const Topology& topology, const DescribedServices& described) {
  std::vector<ExplicitSocket> found;
  for (const auto& service : topology.services) {
    auto d = described.find(service.name);
    if (d == described.end()) continue;
    for (const auto& decl : service.endpoints) {
      const EndpointDescription* e = d->second.find(decl.kind, decl.direction, decl.name);
      if (!e) continue;
      for (const auto& s : e->sockets) {
        if (const ExplicitAddress* a = decl.address_of(s.name, e->sockets.size()))
          found.push_back({&service, &decl, &s, a});
      }
    }
  }
  return found;
}

}  // namespace sfsup
