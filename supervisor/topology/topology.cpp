#include "topology/topology.hpp"

namespace sfsup {

std::string_view to_string(EndpointKind kind) {
  return kind == EndpointKind::connection ? "connection" : "state";
}

std::string_view to_string(Direction direction) {
  return direction == Direction::in ? "in" : "out";
}

Direction opposite(Direction direction) {
  return direction == Direction::in ? Direction::out : Direction::in;
}

const ExplicitAddress* EndpointDecl::address_of(const std::string& socket,
                                                std::size_t socket_count) const {
  if (auto it = socket_addresses.find(socket); it != socket_addresses.end()) return &it->second;
  if (address && socket_count == 1) return &*address;
  return nullptr;
}

const EndpointDecl* ServiceDecl::find(EndpointKind kind, Direction direction,
                                      std::string_view endpoint) const {
  for (const auto& e : endpoints) {
    if (e.kind == kind && e.direction == direction && e.name == endpoint) return &e;
  }
  return nullptr;
}

const ServiceDecl* Topology::find(std::string_view service) const {
  for (const auto& s : services) {
    if (s.name == service) return &s;
  }
  return nullptr;
}

std::vector<std::string> Topology::service_names() const {
  std::vector<std::string> names;
  for (const auto& s : services) names.push_back(s.name);
  return names;
}

}  // namespace sfsup
