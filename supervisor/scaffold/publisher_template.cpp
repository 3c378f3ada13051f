// --kind publisher: a leading edge (main mode) publishing `readings`.
#include "scaffold/service_templates.hpp"

namespace sfsup::scaffold {

std::vector<TemplateFile> publisher_templates() {
  return {
      {"src/@NAME@_handlers.hpp", R"~~(#pragma once
#include <sf/service.hpp>

namespace @NAME@ {

// main: publishes `count` readings ({"seq": int, "value": float}) `interval_ms` apart.
void publish_readings(sf::ToSend& to_send, const sf::Json& states, const sf::Json& config);

}  // namespace @NAME@
)~~"},
      {"src/@NAME@_handlers.cpp", R"~~(#include "@NAME@_handlers.hpp"

#include <chrono>

namespace @NAME@ {

void publish_readings(sf::ToSend& to_send, const sf::Json& /*states*/, const sf::Json& config) {
  const int count = config.value("count", 10);
  const std::chrono::milliseconds interval(config.value("interval_ms", 100));
  int sent = 0;
  for (int seq = 0; seq < count && !to_send.stop_requested(); ++seq) {
    to_send.connection("readings", {{"seq", seq}, {"value", seq * 1.5}});
    ++sent;
    // sleep_for keeps serving signals: SIGTERM ends the loop early and cleanly.
    if (!to_send.sleep_for(interval)) break;
  }
  sf::get_logger()->info("@NAME@: published {} readings", sent);
}

}  // namespace @NAME@
)~~"},
      {"src/@NAME@_service.cpp", R"~~(// @NAME@: a publisher run as a leading edge (main mode).
#include <sf/service.hpp>

#include "@NAME@_handlers.hpp"

SF_SERVICE() {
  sf::Definition d;
  d.config_model.optional = {{"count", "int"}, {"interval_ms", "int"}};
  d.connection_models.out["readings"] =
      sf::publisher().required_arguments({{"seq", "int"}, {"value", "float"}});
  d.main = @NAME@::publish_readings;
  return d;
}
)~~"},
      {"test/@NAME@_test.cpp", R"~~(#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <sf/testing.hpp>

#include "../src/@NAME@_handlers.hpp"

TEST_CASE("main publishes count readings in sequence") {
  sf::testing::RecordingToSend out;
  @NAME@::publish_readings(out.to_send(), sf::Json::object(), {{"count", 3}, {"interval_ms", 0}});
  REQUIRE(out.sent().size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(out.sent()[i].output_name == "readings");
    CHECK(out.sent()[i].args["seq"] == i);
  }
}
)~~"},
      {"topology.yaml", R"~~(# Runs @NAME@ under sfsup:  sfsup up -d topology.yaml
name: @NAME@
service_path: [build]          # lib@NAME@.so is found here by name

services:
  @NAME@:
    service: @NAME@
    main: true                 # a leading edge: its main runs, then it exits
    config: {count: 50, interval_ms: 100}
    connections:
      out: {readings: {}}      # endpoint assigned by sfsup; subscribers use from: @NAME@.readings
)~~"},
  };
}

}  // namespace sfsup::scaffold
