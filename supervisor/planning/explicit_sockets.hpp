#pragma once
// The sockets a topology gives an explicit `address:`, each with the service,
// the endpoint declaration and its description: what the address checks
// (wildcards, export's loopback and ipc rules) walk.
#include <vector>

#include "planning/endpoint_plan.hpp"

namespace sfsup {

struct ExplicitSocket {
  const ServiceDecl* service;
  const EndpointDecl* decl;
  const SocketDescription* socket;
  const ExplicitAddress* address;
};

// In file order; services without a description (they failed to load) are skipped.
std::vector<ExplicitSocket> explicit_sockets(const Topology& topology, const DescribedServices& described);

}  // namespace sfsup
