// quote: a replyer whose handler calls an external_target through to_send.
// The price is a decimal end to end: tagged on the wire, never a double.
#include <doctest/doctest.h>

#include "worker_fixture.hpp"

using namespace sftest;

TEST_CASE("quote answers a deterministic - exact decimal price per symbol") {
  TempDir dir;
  const auto endpoint = ipc_endpoint(dir, "quote");
  auto quote = start_worker(
      dir, {.service = "quote", .addresses = {{"connections", {{"in", {{"quote", {{"replyer", endpoint}}}}}}}}});
  REQUIRE_MESSAGE(quote.wait_ready(), quote.output());
  RawRequester client(endpoint);

  auto price_of = [&](const std::string& symbol) {
    auto reply = client.request(sf::Json{{"args", {{"symbol", symbol}}}, {"workflow_id", "q-" + symbol}});
    REQUIRE(reply);
    INFO("reply: " << reply->dump());
    REQUIRE(reply->contains("return_args"));
    const auto& ret = (*reply)["return_args"];
    CHECK(ret["symbol"] == symbol);
    const auto& price = ret["price"];
    REQUIRE(price.is_object());
    CHECK(price["__decimal__"] == true);
    REQUIRE(price["as_str"].is_string());
    return price["as_str"].get<std::string>();
  };

  const auto btc = price_of("BTC-USD");
  CHECK(btc.find('.') == btc.size() - 3);  // two decimal places, as a string
  CHECK(price_of("BTC-USD") == btc);       // deterministic
  CHECK(price_of("ETH-USD") != btc);
  CHECK(quote.wait_for_output("quote: BTC-USD at " + btc));

  // Its argument model still guards the external target's caller.
  auto bad = client.request(sf::Json{{"args", {{"symbol", 7}}}, {"workflow_id", "q-bad"}});
  REQUIRE(bad);
  CHECK(bad->contains("error"));
}
