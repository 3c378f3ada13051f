// quote: a replyer that calls an external_target. `quote` {symbol} answers
// {symbol, price}; the price comes from `price_source`, a plain C++ function
// the framework calls through to_send with validated arguments and validated
// returns, exactly as it would a socket. Shows: external_target, decimal returns.
#include <fmt/format.h>

#include <sf/service.hpp>

namespace {

// Stands in for a market-data client: a deterministic price per symbol, built
// as a decimal string so it is exact ("BTC-USD" always quotes the same).
sf::Json price_source(const sf::Json& args) {
  std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : args["symbol"].get<std::string>()) {
    hash = (hash ^ c) * 1099511628211ULL;
  }
  const std::uint64_t cents = 100 + hash % 10'000'000;  // 1.00 .. 100000.99
  return {{"price", sf::decimal(fmt::format("{}.{:02}", cents / 100, cents % 100))}};
}

sf::Json on_quote(const sf::Json& args, sf::ToSend& to_send, const sf::Json& /*states*/,
                  const sf::Json& /*config*/) {
  const sf::Json& symbol = args["symbol"];
  sf::Json priced = to_send.connection("price_source", {{"symbol", symbol}});
  sf::get_logger()->info("quote: {} at {}", symbol.get<std::string>(), sf::decimal_str(priced["price"]));
  return {{"symbol", symbol}, {"price", priced["price"]}};
}

}  // namespace

SF_SERVICE() {
  sf::Definition d;
  d.connection_models.in["quote"] = sf::replyer(on_quote)
                                        .required_arguments({{"symbol", "str"}})
                                        .required_return_arguments({{"symbol", "str"}, {"price", "decimal"}});
  d.connection_models.out["price_source"] = sf::external_target(price_source)
                                                .required_arguments({{"symbol", "str"}})
                                                .required_return_arguments({{"price", "decimal"}});
  return d;
}
