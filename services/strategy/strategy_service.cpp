// strategy: the middle of topologies/market.yaml. Follows the order book as a
// delta state, and on every `order_every`-th tick from the feed sends an order
// at the best ask (buy) or best bid (sell) to the execution service, but no
// further than `tolerance` (decimal, default 1.00) from the tick's price.
// Shows a service that reads an in-state inside a subscriber's handler,
// computes prices with sf::Decimal, and sends through a requester, every hop
// carrying the tick's workflow id.
#include <fmt/format.h>

#include <algorithm>

#include <sf/service.hpp>

#include "../book_publisher/book.hpp"

namespace {

sf::Json on_tick(const sf::Json& args, sf::ToSend& to_send, const sf::Json& states, const sf::Json& config) {
  const int every = config.value("order_every", 10);
  const auto seq = args["seq"].get<std::int64_t>();
  if (every <= 0 || seq % every != 0) return nullptr;
  auto book = states.find("book");
  if (book == states.end() || !book->is_object()) return nullptr;  // not synchronised yet
  const bool buy = (seq / every) % 2 == 0;
  const auto best = book::best_price(*book, buy ? "asks" : "bids");
  if (!best) return nullptr;
  // Take the book's best level, capped at the tick's price plus a tolerance:
  // exact decimal arithmetic, as the Python original would do it.
  const sf::Decimal tick_price = sf::get_decimal(args, "price");
  const sf::Decimal tolerance = config.contains("tolerance") ? sf::Decimal(config["tolerance"]) : sf::Decimal("1.00");
  const sf::Decimal limit = buy ? tick_price + tolerance : tick_price - tolerance;
  const sf::Decimal price = buy ? std::min(*best, limit) : std::max(*best, limit);
  const std::int64_t qty = config.value("qty", std::int64_t{1});
  sf::Json fill = to_send.connection("orders", {{"symbol", config.value("symbol", std::string("BTC-USD"))},
                                                {"side", buy ? "buy" : "sell"},
                                                {"price", price},
                                                {"qty", qty}});
  sf::get_logger()->info("strategy: tick {}: {} at {} -> {} {} (notional {}, tick price {})", seq,
                         buy ? "buy" : "sell", price, fill["order_id"].get<std::string>(),
                         fill["status"].get<std::string>(), price * qty, tick_price);
  return nullptr;
}

// `timeout_ms`: how long an order waits for execution's reply before the
// requester resends it (the framework's default is 5 s; a test that freezes
// the execution service wants the timeout sooner).
sf::Json setup_connections(const sf::Json& config) {
  sf::Json orders = sf::Json::object();
  if (config.contains("timeout_ms")) orders["timeout_ms"] = config["timeout_ms"];
  return {{"orders", orders}};
}

}  // namespace

SF_SERVICE() {
  sf::Definition d;
  d.config_model.optional = {
      {"order_every", "int"}, {"symbol", "str"}, {"qty", "int"}, {"tolerance", "decimal"}, {"timeout_ms", "int"}};
  d.connection_models.in["ticks"] =
      sf::subscriber(on_tick).required_arguments({{"seq", "int"}, {"price", "decimal"}, {"ts", "datetime"}});
  d.connection_models.out["orders"] =
      sf::requester()
          .required_arguments({{"symbol", "str"}, {"side", "enum[buy, sell]"}, {"price", "decimal"}, {"qty", "int"}})
          .required_return_arguments({{"order_id", "str"}, {"status", "enum[filled, rejected]"}});
  sf::StateModel book_state = sf::delta_update_in();
  book_state.arguments = book::model();
  d.state_models.in["book"] = std::move(book_state);
  d.setup_connections = setup_connections;
  return d;
}
