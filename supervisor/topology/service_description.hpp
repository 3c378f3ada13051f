#pragma once
// What a plugin says about itself (`service_framework --describe -s lib.so`),
// read into the pieces the wiring checks use: its endpoints, their types and
// sockets, and its config and argument models.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "topology/topology.hpp"

namespace sfsup {

struct SocketDescription {
  std::string name;   // "replyer", "publisher", ...
  bool binds = false;
  std::string peer;   // connectors: the other side's socket they connect to (may be empty)
};

// One connection or state of the plugin.
struct EndpointDescription {
  EndpointKind kind = EndpointKind::connection;
  Direction direction = Direction::in;
  std::string name;
  std::string type;                  // "replyer", "full_update_in", ...
  nlohmann::json arguments;          // {"required": {...}, "optional": {...}}
  nlohmann::json returns;            // same shape, or null when the model has none
  std::vector<SocketDescription> sockets;

  bool has_connector() const;
  const SocketDescription* socket(std::string_view socket_name) const;
};

struct ServiceDescription {
  std::string service;
  bool has_main = false;
  // setup_config may add keys, so missing required config is not certain.
  bool has_setup_config = false;
  nlohmann::json config_required = nlohmann::json::object();
  nlohmann::json config_optional = nlohmann::json::object();
  std::vector<EndpointDescription> endpoints;

  const EndpointDescription* find(EndpointKind kind, Direction direction,
                                  std::string_view name) const;
  std::vector<std::string> names(EndpointKind kind, Direction direction) const;
};

// Throws std::runtime_error (one line naming the missing or malformed field)
// when the JSON is not a describe document this sfsup understands.
ServiceDescription read_service_description(const nlohmann::json& describe);

// The describe protocol version sfsup reads.
inline constexpr int kDescribeAbi = 1;

}  // namespace sfsup
