// --kind subscriber: counts the installed example `ticker`'s ticks and the
// gaps in their sequence numbers.
#include "scaffold/service_templates.hpp"

namespace sfsup::scaffold {

std::vector<TemplateFile> subscriber_templates() {
  return {
      {"src/@NAME@_handlers.hpp", R"~~(#pragma once
#include <cstdint>
#include <memory>

#include <sf/service.hpp>

namespace @NAME@ {

struct TickStats {
  std::int64_t received = 0;
  std::int64_t gaps = 0;
  std::int64_t next_seq = -1;  // -1: nothing received yet
};

// The `ticks` subscriber's handler, counting into `stats`. Handlers run on the
// service loop's one thread, so `stats` needs no lock.
sf::Handler tick_handler(std::shared_ptr<TickStats> stats);

}  // namespace @NAME@
)~~"},
      {"src/@NAME@_handlers.cpp", R"~~(#include "@NAME@_handlers.hpp"

namespace @NAME@ {

sf::Handler tick_handler(std::shared_ptr<TickStats> stats) {
  return [stats](const sf::Json& args, sf::ToSend&, const sf::Json&, const sf::Json&) {
    const auto seq = args["seq"].get<std::int64_t>();
    if (stats->next_seq >= 0 && seq != stats->next_seq) {
      ++stats->gaps;
      sf::get_logger()->warn("@NAME@: gap: expected tick {}, got {}", stats->next_seq, seq);
    }
    stats->next_seq = seq + 1;
    ++stats->received;
    sf::get_logger()->info("@NAME@: tick {} at {}", seq, sf::decimal_str(args["price"]));
    return sf::Json();  // a subscriber's return value is ignored
  };
}

}  // namespace @NAME@
)~~"},
      {"src/@NAME@_service.cpp", R"~~(// @NAME@: a subscriber to the example ticker's `ticks`.
#include <sf/service.hpp>

#include "@NAME@_handlers.hpp"

SF_SERVICE() {
  sf::Definition d;
  d.connection_models.in["ticks"] =
      sf::subscriber(@NAME@::tick_handler(std::make_shared<@NAME@::TickStats>()))
          .required_arguments({{"seq", "int"}, {"price", "decimal"}, {"ts", "datetime"}});
  return d;
}
)~~"},
      {"test/@NAME@_test.cpp", R"~~(#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <sf/testing.hpp>

#include "../src/@NAME@_handlers.hpp"

namespace {
sf::Json tick(int seq) { return {{"seq", seq}, {"price", sf::decimal("100.5")}, {"ts", sf::now()}}; }
}  // namespace

TEST_CASE("ticks in sequence count no gap and a skipped one counts one") {
  auto stats = std::make_shared<@NAME@::TickStats>();
  auto on_tick = @NAME@::tick_handler(stats);
  sf::testing::RecordingToSend out;
  for (int seq : {0, 1, 2}) on_tick(tick(seq), out.to_send(), sf::Json::object(), sf::Json::object());
  CHECK(stats->received == 3);
  CHECK(stats->gaps == 0);
  on_tick(tick(4), out.to_send(), sf::Json::object(), sf::Json::object());
  CHECK(stats->gaps == 1);
  CHECK(stats->next_seq == 5);
  CHECK(out.sent().empty());
}
)~~"},
      {"topology.yaml", R"~~(# Runs @NAME@ and the installed example ticker:  sfsup up -d topology.yaml
#   then:  sfsup logs @NAME@
name: @NAME@
service_path: [build]          # lib@NAME@.so is found here; `ticker` among the installed examples

services:
  @NAME@:
    service: @NAME@
    connections:
      in: {ticks: {from: ticker.ticks}}

  ticker:
    service: ticker
    main: true
    config: {count: 100, rate_hz: 10, wait_subscribers: 1}
    connections:
      out: {ticks: {}}
)~~"},
  };
}

}  // namespace sfsup::scaffold
