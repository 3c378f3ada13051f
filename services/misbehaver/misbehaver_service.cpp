// misbehaver: a TEST FIXTURE, not an example to copy. Each request asks it to
// make one mistake a service author can make; the integration tests check the
// runtime turns every one into a clear error reply and keeps serving.
// It also declares a main, so `-m` reaches the "main mode forbids inbound
// connections" check rather than a "no main" one, and config keys named like
// the worker's own flags (`name`, `describe`), which it logs at start.
#include <stdexcept>

#include <sf/service.hpp>

namespace {

sf::Json on_misbehave(const sf::Json& args, sf::ToSend& to_send, const sf::Json& /*states*/,
                      const sf::Json& /*config*/) {
  const auto action = args["action"].get<std::string>();
  if (action == "unknown_connection") {
    to_send.connection("no_such_connection", {{"value", 1}});
  } else if (action == "unknown_output_type") {
    to_send("no_such_output_type", "noise", {{"value", 1}});
  } else if (action == "bad_out_args") {
    to_send.connection("noise", {{"value", "not an int"}});
  } else if (action == "bad_return") {
    return {{"done", "not a bool"}};
  } else if (action == "throw") {
    throw std::runtime_error("misbehaver: thrown on purpose");
  }
  return {{"done", true}};  // "behave"
}

void misbehaver_main(sf::ToSend&, const sf::Json&, const sf::Json&) {}

}  // namespace

SF_SERVICE() {
  sf::Definition d;
  d.connection_models.in["misbehave"] =
      sf::replyer(on_misbehave)
          .required_arguments(
              {{"action",
                "enum[behave, unknown_connection, unknown_output_type, bad_out_args, bad_return, throw]"}})
          .required_return_arguments({{"done", "bool"}});
  d.connection_models.out["noise"] = sf::publisher().required_arguments({{"value", "int"}});
  d.main = misbehaver_main;
  d.config_model.optional = {{"name", "str"}, {"describe", "bool"}};
  d.init_function = [](sf::ToSend&, const sf::Json&, const sf::Json& config) {
    sf::get_logger()->info("misbehaver: config {}", config.dump());
  };
  return d;
}
