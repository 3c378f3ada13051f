#include "core/endpoint_registry.hpp"

#include <map>

namespace sf::detail {
namespace {

// Function-local so registrations from other translation units' static
// initialisers never see it unconstructed.
std::map<std::pair<Kind, std::string>, EndpointType, std::less<>>& registry() {
  static std::map<std::pair<Kind, std::string>, EndpointType, std::less<>> types;
  return types;
}

}  // namespace

const EndpointType* find_endpoint_type(Kind kind, std::string_view name) {
  auto it = registry().find(std::pair{kind, std::string(name)});
  return it == registry().end() ? nullptr : &it->second;
}

std::vector<std::string> endpoint_type_names(Kind kind) {
  std::vector<std::string> names;
  for (const auto& [key, type] : registry()) {
    if (key.first == kind) names.push_back(key.second);
  }
  return names;
}

EndpointTypeRegistration::EndpointTypeRegistration(EndpointType type) {
  auto key = std::pair{type.kind, type.name};
  registry().insert_or_assign(std::move(key), std::move(type));
}

}  // namespace sf::detail
