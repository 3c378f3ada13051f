// --kind replyer: answers `greet` requests ({name} -> {greeting}).
#include "scaffold/service_templates.hpp"

namespace sfsup::scaffold {

std::vector<TemplateFile> replyer_templates() {
  return {
      {"src/@NAME@_handlers.hpp", R"~~(#pragma once
#include <sf/service.hpp>

namespace @NAME@ {

// The `greet` replyer: {"name": str} -> {"greeting": str}.
sf::Json on_greet(const sf::Json& args, sf::ToSend& to_send, const sf::Json& states,
                  const sf::Json& config);

}  // namespace @NAME@
)~~"},
      {"src/@NAME@_handlers.cpp", R"~~(#include "@NAME@_handlers.hpp"

#include <string>

namespace @NAME@ {

sf::Json on_greet(const sf::Json& args, sf::ToSend& /*to_send*/, const sf::Json& /*states*/,
                  const sf::Json& config) {
  // args and config are already validated against the models in @NAME@_service.cpp.
  const auto name = args["name"].get<std::string>();
  const auto word = config.value("greeting", std::string("Hello"));
  sf::get_logger()->info("@NAME@: greeting {}", name);  // the line carries the workflow id
  return {{"greeting", word + ", " + name + "!"}};
}

}  // namespace @NAME@
)~~"},
      {"src/@NAME@_service.cpp", R"~~(// @NAME@: a replyer. Its models are data: `service_framework --describe` prints them and
// `sfsup check` checks every topology wire against them before anything starts.
#include <sf/service.hpp>

#include "@NAME@_handlers.hpp"

SF_SERVICE() {
  sf::Definition d;
  d.config_model.optional = {{"greeting", "str"}};
  d.connection_models.in["greet"] = sf::replyer(@NAME@::on_greet)
                                        .required_arguments({{"name", "str"}})
                                        .required_return_arguments({{"greeting", "str"}});
  return d;
}
)~~"},
      {"test/@NAME@_test.cpp", R"~~(#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <sf/testing.hpp>

#include "../src/@NAME@_handlers.hpp"

TEST_CASE("greet answers with the configured greeting") {
  sf::testing::RecordingToSend out;
  const sf::Json reply = @NAME@::on_greet({{"name", "Ada"}}, out.to_send(), sf::Json::object(),
                                          {{"greeting", "Hi"}});
  CHECK(reply["greeting"] == "Hi, Ada!");
  CHECK(out.sent().empty());  // a replyer's answer is its return value, not a send
}

TEST_CASE("greet says Hello without a configured greeting") {
  sf::testing::RecordingToSend out;
  const sf::Json reply = @NAME@::on_greet({{"name", "Bob"}}, out.to_send(), sf::Json::object(),
                                          sf::Json::object());
  CHECK(reply["greeting"] == "Hello, Bob!");
}
)~~"},
      {"topology.yaml", R"~~(# Runs @NAME@ under sfsup:  sfsup up -d topology.yaml
#   then:  sfsup call @NAME@.greet '{"name": "Ada"}'
name: @NAME@
service_path: [build]          # lib@NAME@.so is found here by name

services:
  @NAME@:
    service: @NAME@
    config: {greeting: Hello}
    connections:
      in: {greet: {}}          # endpoint assigned by sfsup
)~~"},
  };
}

}  // namespace sfsup::scaffold
