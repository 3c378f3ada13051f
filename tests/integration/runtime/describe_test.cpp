// `service_framework --describe -s lib.so` prints the models as JSON without
// running anything: what sfsup's topology checker reads.
#include <doctest/doctest.h>

#include "worker_fixture.hpp"

using namespace sftest;

namespace {

sf::Json describe(std::string_view service) {
  auto worker = Process::spawn({worker_binary().string(), "--describe", "-s", plugin(service).string()});
  auto status = worker.wait_exit();
  REQUIRE(status);
  INFO("output: " << worker.output());
  REQUIRE(exited_with(*status, 0));
  return sf::Json::parse(worker.output());  // throws (fails the test) on anything but JSON
}

}  // namespace

TEST_CASE("--describe: ticker - a main-mode publisher") {
  sf::Json d = describe("ticker");
  INFO(d.dump(2));
  CHECK(d["service"] == "ticker");
  CHECK(d["has_main"] == true);
  CHECK(d["config_model"]["required"] == sf::Json{{"count", "int"}});
  CHECK(d["config_model"]["optional"].contains("wait_subscribers"));
  const auto& ticks = d["connections"]["out"]["ticks"];
  CHECK(ticks["type"] == "publisher");
  CHECK(ticks["arguments"]["required"] == sf::Json{{"seq", "int"}, {"price", "decimal"}, {"ts", "datetime"}});
  CHECK(ticks["sockets"]["publisher"]["role"] == "bind");
  CHECK(d["connections"]["in"].empty());
}

TEST_CASE("--describe: echo - a replyer with a return model") {
  sf::Json d = describe("echo");
  INFO(d.dump(2));
  CHECK(d["has_main"] == false);
  const auto& echo = d["connections"]["in"]["echo"];
  CHECK(echo["type"] == "replyer");
  CHECK(echo["arguments"]["required"] == sf::Json{{"text", "str"}});
  CHECK(echo["returns"]["required"] == sf::Json{{"text", "str"}});
}

TEST_CASE("--describe: quote - an external target has no sockets") {
  sf::Json d = describe("quote");
  INFO(d.dump(2));
  const auto& source = d["connections"]["out"]["price_source"];
  CHECK(source["type"] == "external_target");
  CHECK(source["sockets"].empty());
  CHECK(source["returns"]["required"] == sf::Json{{"price", "decimal"}});
}
