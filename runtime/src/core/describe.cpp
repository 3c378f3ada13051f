// `service_framework --describe`: the models as data, so tools (sfsup check)
// can read a service without running it. Format: docs/describe.md.
#include <sf/plugin.hpp>

#include "core/endpoint_registry.hpp"
#include "core/service_runner.hpp"

namespace sf::detail {
namespace {

Json describe_endpoints(const EndpointModels& models, Kind kind) {
  Json out = {{"in", Json::object()}, {"out", Json::object()}};
  for (Side side : {Side::in, Side::out}) {
    for (const auto& [name, model] : side == Side::in ? models.in : models.out) {
      Json entry = {{"type", model.type},
                    {"arguments", ArgsSchema::compile(model.arguments, name).describe()},
                    {"returns", model.return_arguments
                                    ? ArgsSchema::compile(*model.return_arguments, name).describe()
                                    : Json(nullptr)},
                    {"connection_arguments", model.connection_arguments},
                    {"sockets", Json::object()}};
      if (const EndpointType* type = find_endpoint_type(kind, model.type)) {
        for (const auto& socket : type->sockets) {
          bool binds = socket.binds;
          // Static connection arguments change the default role as the worker does:
          // is_binder flips it, is_xpub makes a publisher connect to a proxy.
          const Json& args = model.connection_arguments;
          if (auto flip = args.find("is_binder"); flip != args.end() && flip->is_boolean()) {
            binds = flip->get<bool>();
          }
          if (auto xpub = args.find("is_xpub"); xpub != args.end() && xpub->is_boolean() && xpub->get<bool>()) {
            binds = false;
          }
          Json s = {{"role", binds ? "bind" : "connect"}};
          if (!binds && !socket.peer.empty()) s["peer"] = socket.peer;
          entry["sockets"][socket.name] = std::move(s);
        }
      }
      out[to_string(side)][name] = std::move(entry);
    }
  }
  return out;
}

}  // namespace

Json describe_definition(const Definition& d, const std::string& name) {
  // "abi" versions this JSON's shape (sfsup's kDescribeAbi), not the plugin ABI.
  constexpr int kDescribeFormat = 1;
  return {{"service", name},
          {"abi", kDescribeFormat},
          {"has_main", static_cast<bool>(d.main)},
          // setup_config may supply required keys, so a checker must not demand them.
          {"has_setup_config", static_cast<bool>(d.setup_config)},
          {"config_model", ArgsSchema::compile(d.config_model, "config_model").describe()},
          {"connections", describe_endpoints(d.connection_models, Kind::connection)},
          {"states", describe_endpoints(d.state_models, Kind::state)}};
}

Json ServiceRunner::describe() const { return describe_definition(definition_, options_.name); }

}  // namespace sf::detail
