#pragma once
// Connection and state types keyed by the seed's type names ("replyer",
// "delta_update_in", ...). Each type registers itself from its own .cpp.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/endpoint.hpp"

namespace sf::detail {

struct SocketSpec {
  std::string name;   // key in the addresses file: "replyer", "subscriber", ...
  bool binds;         // default role; connection arguments may flip it (is_binder)
  std::string peer;   // for connectors: the socket name they connect to
};

struct EndpointType {
  std::string name;
  Kind kind;
  Side side;
  ArgsModel accepted_options;          // connection/state arguments it understands
  std::vector<SocketSpec> sockets;
  std::function<std::unique_ptr<Endpoint>(EndpointContext&)> make;
};

// Returns nullptr when unknown.
const EndpointType* find_endpoint_type(Kind kind, std::string_view name);
std::vector<std::string> endpoint_type_names(Kind kind);

struct EndpointTypeRegistration {
  explicit EndpointTypeRegistration(EndpointType type);
};

}  // namespace sf::detail
