// --kind main: a leading edge calling the installed example `echo` replyer.
#include "scaffold/service_templates.hpp"

namespace sfsup::scaffold {

std::vector<TemplateFile> main_templates() {
  return {
      {"src/@NAME@_handlers.hpp", R"~~(#pragma once
#include <sf/service.hpp>

namespace @NAME@ {

// main: sends `count` requests to `echo` and checks each reply. Throws
// sf::Error on a wrong reply, so the worker exits non-zero.
void run(sf::ToSend& to_send, const sf::Json& states, const sf::Json& config);

}  // namespace @NAME@
)~~"},
      {"src/@NAME@_handlers.cpp", R"~~(#include "@NAME@_handlers.hpp"

#include <chrono>
#include <string>

namespace @NAME@ {

void run(sf::ToSend& to_send, const sf::Json& /*states*/, const sf::Json& config) {
  const int count = config.value("count", 5);
  const std::chrono::milliseconds interval(config.value("interval_ms", 200));
  for (int i = 0; i < count && !to_send.stop_requested(); ++i) {
    const std::string text = "hello " + std::to_string(i);
    // Validated against the requester's models both ways; blocks until the reply.
    const sf::Json reply = to_send.connection("echo", {{"text", text}});
    const auto answer = reply["text"].get<std::string>();
    if (answer.size() < text.size() || answer.compare(answer.size() - text.size(), text.size(), text) != 0)
      throw sf::Error("@NAME@: echo answered '" + answer + "' to '" + text + "'");
    sf::get_logger()->info("@NAME@: echo answered '{}'", answer);
    if (!to_send.sleep_for(interval)) break;
  }
}

}  // namespace @NAME@
)~~"},
      {"src/@NAME@_service.cpp", R"~~(// @NAME@: a leading edge (main mode) with a requester.
#include <sf/service.hpp>

#include "@NAME@_handlers.hpp"

SF_SERVICE() {
  sf::Definition d;
  d.config_model.optional = {{"count", "int"}, {"interval_ms", "int"}};
  d.connection_models.out["echo"] = sf::requester()
                                        .required_arguments({{"text", "str"}})
                                        .required_return_arguments({{"text", "str"}});
  d.main = @NAME@::run;
  return d;
}
)~~"},
      {"test/@NAME@_test.cpp", R"~~(#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <sf/testing.hpp>

#include "../src/@NAME@_handlers.hpp"

TEST_CASE("main sends count requests and accepts echoed replies") {
  sf::testing::RecordingToSend echo([](const sf::testing::Sent& sent) { return sent.args; });
  @NAME@::run(echo.to_send(), sf::Json::object(), {{"count", 3}, {"interval_ms", 0}});
  REQUIRE(echo.sent().size() == 3);
  CHECK(echo.sent()[0].output_name == "echo");
  CHECK(echo.sent()[2].args["text"] == "hello 2");
}

TEST_CASE("main fails on a wrong reply") {
  sf::testing::RecordingToSend liar([](const sf::testing::Sent&) { return sf::Json{{"text", "nope"}}; });
  CHECK_THROWS_AS(@NAME@::run(liar.to_send(), sf::Json::object(), {{"count", 1}, {"interval_ms", 0}}),
                  sf::Error);
}
)~~"},
      {"topology.yaml", R"~~(# Runs @NAME@ against the installed example echo:  sfsup up -d topology.yaml
#   then:  sfsup logs @NAME@
name: @NAME@
service_path: [build]          # lib@NAME@.so is found here; `echo` among the installed examples

services:
  echo:
    service: echo
    connections:
      in: {echo: {}}

  @NAME@:
    service: @NAME@
    main: true                 # started once echo is ready; exits when main returns
    config: {count: 5, interval_ms: 200}
    connections:
      out: {echo: {to: echo.echo}}
)~~"},
  };
}

}  // namespace sfsup::scaffold
