#include "topology/service_description.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace sfsup {

bool EndpointDescription::has_connector() const {
  for (const auto& s : sockets) {
    if (!s.binds) return true;
  }
  return false;
}

const SocketDescription* EndpointDescription::socket(std::string_view socket_name) const {
  for (const auto& s : sockets) {
    if (s.name == socket_name) return &s;
  }
  return nullptr;
}

const EndpointDescription* ServiceDescription::find(EndpointKind kind, Direction direction,
                                                    std::string_view name) const {
  for (const auto& e : endpoints) {
    if (e.kind == kind && e.direction == direction && e.name == name) return &e;
  }
  return nullptr;
}

std::vector<std::string> ServiceDescription::names(EndpointKind kind, Direction direction) const {
  std::vector<std::string> out;
  for (const auto& e : endpoints) {
    if (e.kind == kind && e.direction == direction) out.push_back(e.name);
  }
  return out;
}

namespace {

using nlohmann::json;

[[noreturn]] void malformed(const std::string& what) {
  throw std::runtime_error(fmt::format("describe output is malformed: {}", what));
}

// A model is {"required": {...}, "optional": {...}}; either part may be absent.
json read_model(const json& model, const std::string& where) {
  if (!model.is_object()) malformed(fmt::format("{} is not an object", where));
  json out = {{"required", json::object()}, {"optional", json::object()}};
  for (const char* part : {"required", "optional"}) {
    if (!model.contains(part) || model[part].is_null()) continue;
    if (!model[part].is_object()) malformed(fmt::format("{}.{} is not an object", where, part));
    out[part] = model[part];
  }
  return out;
}

void read_side(const json& doc, EndpointKind kind, Direction direction, ServiceDescription& out) {
  const std::string group = kind == EndpointKind::connection ? "connections" : "states";
  const std::string side(to_string(direction));
  if (!doc.contains(group) || doc[group].is_null()) return;
  const json& g = doc[group];
  if (!g.is_object()) malformed(fmt::format("'{}' is not an object", group));
  if (!g.contains(side) || g[side].is_null()) return;
  if (!g[side].is_object()) malformed(fmt::format("'{}.{}' is not an object", group, side));
  for (const auto& [name, spec] : g[side].items()) {
    const std::string where = fmt::format("{}.{}.{}", group, side, name);
    if (!spec.is_object() || !spec.contains("type") || !spec["type"].is_string()) {
      malformed(fmt::format("{} has no 'type'", where));
    }
    EndpointDescription e;
    e.kind = kind;
    e.direction = direction;
    e.name = name;
    e.type = spec["type"].get<std::string>();
    e.arguments = read_model(spec.value("arguments", json::object()), where + ".arguments");
    if (spec.contains("returns") && !spec["returns"].is_null()) {
      e.returns = read_model(spec["returns"], where + ".returns");
    }
    if (spec.contains("sockets")) {
      if (!spec["sockets"].is_object()) malformed(where + ".sockets is not an object");
      for (const auto& [socket_name, socket] : spec["sockets"].items()) {
        const std::string role = socket.is_object() ? socket.value("role", "") : "";
        if (role != "bind" && role != "connect") {
          malformed(fmt::format("{}.sockets.{}.role must be \"bind\" or \"connect\"", where,
                                socket_name));
        }
        SocketDescription s{socket_name, role == "bind", ""};
        // A connector may lack a peer (a publisher facing a binding subscriber):
        // it then connects to the other side's only binder (planning/socket_pairing).
        if (!s.binds && socket.contains("peer")) {
          if (!socket["peer"].is_string()) {
            malformed(fmt::format("{}.sockets.{}.peer is not a string", where, socket_name));
          }
          s.peer = socket["peer"].get<std::string>();
        }
        e.sockets.push_back(std::move(s));
      }
    }
    out.endpoints.push_back(std::move(e));
  }
}

ServiceDescription read_document(const json& doc) {
  if (!doc.is_object()) malformed("not a JSON object");
  if (doc.contains("abi") && doc["abi"] != kDescribeAbi) {
    throw std::runtime_error(fmt::format("plugin speaks describe ABI {}, sfsup reads ABI {}; "
                                         "rebuild the plugin against this service_framework",
                                         doc["abi"].dump(), kDescribeAbi));
  }
  ServiceDescription out;
  out.service = doc.value("service", "");
  out.has_main = doc.value("has_main", false);
  out.has_setup_config = doc.value("has_setup_config", false);
  if (doc.contains("config_model") && !doc["config_model"].is_null()) {
    const json model = read_model(doc["config_model"], "config_model");
    out.config_required = model["required"];
    out.config_optional = model["optional"];
  }
  for (auto kind : {EndpointKind::connection, EndpointKind::state}) {
    for (auto direction : {Direction::in, Direction::out}) read_side(doc, kind, direction, out);
  }
  return out;
}

}  // namespace

ServiceDescription read_service_description(const json& doc) {
  try {
    return read_document(doc);
  } catch (const json::exception& e) {
    // A field of the wrong JSON type: nlohmann's message names it.
    malformed(e.what());
  }
}

}  // namespace sfsup
