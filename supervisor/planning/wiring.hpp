#pragma once
// Who talks to whom: the `from:`/`to:` references of a topology resolved
// against the plugins' descriptions into links, with every wiring mistake
// reported (unknown names, wrong direction, incompatible types or models,
// connectors left unwired or wired twice, main mode with inbound endpoints).
#include <map>
#include <string>
#include <vector>

#include "topology/service_description.hpp"
#include "topology/topology.hpp"

namespace sfsup {

// Descriptions of the services whose plugins could be described, by service name.
using DescribedServices = std::map<std::string, ServiceDescription>;

// One out-endpoint feeding one in-endpoint (requester -> replyer, publisher
// -> subscriber, state out -> state in).
struct Link {
  EndpointKind kind = EndpointKind::connection;
  std::string out_service;
  std::string out_name;
  std::string in_service;
  std::string in_name;
  SourceMark mark;  // the from:/to: that declared it (first, when declared on both sides)
};

struct Wiring {
  std::vector<Link> links;

  // Links touching one endpoint, in declaration order.
  std::vector<const Link*> links_of(const std::string& service, EndpointKind kind,
                                    Direction direction, const std::string& name) const;
};

Wiring resolve_wiring(const Topology& topology, const DescribedServices& described,
                      Diagnostics& diagnostics);

}  // namespace sfsup
