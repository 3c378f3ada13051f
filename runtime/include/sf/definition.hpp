#pragma once
// What a service is: the seed's module-level models and functions, as one value.
#include <functional>

#include <sf/json.hpp>
#include <sf/model.hpp>

namespace sf {

class ToSend;

using SetupFunction = std::function<Json(const Json& config)>;
using InitFunction = std::function<void(ToSend& to_send, const Json& states, const Json& config)>;
using MainFunction = InitFunction;
using SignalHandler =
    std::function<void(int signum, ToSend& to_send, const Json& states, const Json& config)>;

struct Definition {
  ArgsModel config_model;            // empty: the service takes no config at all
  EndpointModels connection_models;
  EndpointModels state_models;

  // Optional hooks, run in the seed's order (docs/lifecycle.md).
  SetupFunction setup_config;        // returns keys merged over the config
  SetupFunction setup_addresses;     // returns addresses deep-merged over the file's
  SetupFunction setup_connections;   // returns {connection: {argument: value}}
  SetupFunction setup_states;        // returns {state: {argument: value}}
  InitFunction init_function;
  MainFunction main;                 // main mode (-m)
  SignalHandler sigint_handler;      // then the service stops
  SignalHandler sigterm_handler;     // then the service stops; stop_service() runs it too
  SignalHandler sighup_handler;      // after the log files were reopened; the service goes on
  SignalHandler sigusr1_handler;     // the service goes on
  SignalHandler sigusr2_handler;     // the service goes on
};

}  // namespace sf
