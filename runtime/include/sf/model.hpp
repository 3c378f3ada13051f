#pragma once
// Models are data: the seed's dicts of argument names to types, in the type
// notation of docs/models.md ("str", "decimal", "list[int]",
// "map[decimal, decimal]", "tuple[str, int]", "set[str]", "enum[buy, sell]",
// "int | none", or a nested {"required": {...}, "optional": {...}} object).
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <sf/json.hpp>

namespace sf {

class ToSend;

// Argument names to type specs, split as the seed splits them.
struct ArgsModel {
  Json required = Json::object();
  Json optional = Json::object();
};

// (args, to_send, states, config) -> return args (ignored unless a replyer).
using Handler = std::function<Json(const Json& args, ToSend& to_send, const Json& states,
                                   const Json& config)>;
// An external_target's callee: validated args in, return args out.
using ExternalTarget = std::function<Json(const Json& args)>;

// One connection or state, as declared by a service. The connection or state
// type (seed's `connection_type` / `state_type`) picks the implementation from
// the runtime's registry; the rest is validated data.
struct EndpointModel {
  std::string type;
  Handler handler;                       // in-connections: called per message
  ExternalTarget target;                 // external_target only
  Json creation_arguments = Json::object();
  Json connection_arguments = Json::object();  // merged under setup_connections/states output
  ArgsModel arguments;
  std::optional<ArgsModel> return_arguments;

  EndpointModel& required_arguments(Json fields) { arguments.required = std::move(fields); return *this; }
  EndpointModel& optional_arguments(Json fields) { arguments.optional = std::move(fields); return *this; }
  EndpointModel& required_return_arguments(Json fields) {
    ensure_returns().required = std::move(fields);
    return *this;
  }
  EndpointModel& optional_return_arguments(Json fields) {
    ensure_returns().optional = std::move(fields);
    return *this;
  }
  EndpointModel& with_connection_arguments(Json values) {
    connection_arguments = std::move(values);
    return *this;
  }
  EndpointModel& with_creation_arguments(Json values) {
    creation_arguments = std::move(values);
    return *this;
  }

 private:
  ArgsModel& ensure_returns() {
    if (!return_arguments) return_arguments.emplace();
    return *return_arguments;
  }
};

using ConnectionModel = EndpointModel;
using StateModel = EndpointModel;

struct EndpointModels {
  std::map<std::string, EndpointModel> in;
  std::map<std::string, EndpointModel> out;
};

// Builders named after the seed's connection and state types.
inline EndpointModel replyer(Handler h) { EndpointModel m; m.type = "replyer"; m.handler = std::move(h); return m; }
inline EndpointModel subscriber(Handler h) { EndpointModel m; m.type = "subscriber"; m.handler = std::move(h); return m; }
inline EndpointModel requester() { EndpointModel m; m.type = "requester"; return m; }
inline EndpointModel publisher() { EndpointModel m; m.type = "publisher"; return m; }
inline EndpointModel external_target(ExternalTarget t) {
  EndpointModel m; m.type = "external_target"; m.target = std::move(t); return m;
}
inline EndpointModel full_update_out() { EndpointModel m; m.type = "full_update_out"; return m; }
inline EndpointModel full_update_in() { EndpointModel m; m.type = "full_update_in"; return m; }
inline EndpointModel delta_update_out() { EndpointModel m; m.type = "delta_update_out"; return m; }
inline EndpointModel delta_update_in() { EndpointModel m; m.type = "delta_update_in"; return m; }

}  // namespace sf
