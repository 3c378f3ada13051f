// strategy: the middle of topologies/market.yaml. Follows the order book as a
// delta state, and on every `order_every`-th tick from the feed sends an order
// at the best ask (buy) or best bid (sell) to the execution service. Shows a
// service that reads an in-state inside a subscriber's handler and sends
// through a requester, every hop carrying the tick's workflow id.
#include <fmt/format.h>

#include <sf/service.hpp>

#include "../book_publisher/book.hpp"

namespace {

// The best level's price string: the lowest ask or the highest bid. Comparing
// as doubles only picks a key; the price sent is the exact key text.
std::string best_price(const sf::Json& book, const char* side, bool highest) {
  auto levels = book.find(side);
  if (levels == book.end() || !levels->is_object() || levels->empty()) return {};
  std::string best;
  double best_value = 0;
  for (const auto& [price, size] : levels->items()) {
    double value = std::stod(price);
    if (best.empty() || (highest ? value > best_value : value < best_value)) {
      best = price;
      best_value = value;
    }
  }
  return best;
}

sf::Json on_tick(const sf::Json& args, sf::ToSend& to_send, const sf::Json& states, const sf::Json& config) {
  const int every = config.value("order_every", 10);
  const auto seq = args["seq"].get<std::int64_t>();
  if (every <= 0 || seq % every != 0) return nullptr;
  auto book = states.find("book");
  if (book == states.end() || !book->is_object()) return nullptr;  // not synchronised yet
  const bool buy = (seq / every) % 2 == 0;
  const std::string price = best_price(*book, buy ? "asks" : "bids", !buy);
  if (price.empty()) return nullptr;
  sf::Json fill = to_send.connection("orders", {{"symbol", config.value("symbol", std::string("BTC-USD"))},
                                                {"side", buy ? "buy" : "sell"},
                                                {"price", sf::decimal(price)},
                                                {"qty", 1}});
  sf::get_logger()->info("strategy: tick {}: {} at {} -> {} {}", seq, buy ? "buy" : "sell", price,
                         fill["order_id"].get<std::string>(), fill["status"].get<std::string>());
  return nullptr;
}

}  // namespace

SF_SERVICE() {
  sf::Definition d;
  d.config_model.optional = {{"order_every", "int"}, {"symbol", "str"}};
  d.connection_models.in["ticks"] =
      sf::subscriber(on_tick).required_arguments({{"seq", "int"}, {"price", "decimal"}, {"ts", "datetime"}});
  d.connection_models.out["orders"] =
      sf::requester()
          .required_arguments({{"symbol", "str"}, {"side", "enum[buy, sell]"}, {"price", "decimal"}, {"qty", "int"}})
          .required_return_arguments({{"order_id", "str"}, {"status", "enum[filled, rejected]"}});
  sf::StateModel book_state = sf::delta_update_in();
  book_state.arguments = book::model();
  d.state_models.in["book"] = std::move(book_state);
  return d;
}
