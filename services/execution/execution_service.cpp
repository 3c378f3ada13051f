// execution: the replyer end of topologies/market.yaml. Accepts an order,
// "fills" it at the requested price and answers with an order id. Shows a
// replyer with an enumerated argument and a decimal that is never a double.
#include <fmt/format.h>

#include <sf/service.hpp>

namespace {

int g_filled = 0;

sf::Json on_order(const sf::Json& args, sf::ToSend& to_send, const sf::Json&, const sf::Json&) {
  ++g_filled;
  const std::string order_id = fmt::format("ord-{}", g_filled);
  sf::get_logger()->info("execution: {} {} {} @ {} filled as {} (workflow {})", args["side"].get<std::string>(),
                         args["qty"].get<int>(), args["symbol"].get<std::string>(), sf::decimal_str(args["price"]),
                         order_id, to_send.workflow_id());
  return {{"order_id", order_id}, {"status", "filled"}};
}

void on_stop(int, sf::ToSend&, const sf::Json&, const sf::Json&) {
  sf::get_logger()->info("execution: {} orders filled", g_filled);
}

}  // namespace

SF_SERVICE() {
  sf::Definition d;
  d.connection_models.in["orders"] =
      sf::replyer(on_order)
          .required_arguments({{"symbol", "str"}, {"side", "enum[buy, sell]"}, {"price", "decimal"}, {"qty", "int"}})
          .required_return_arguments({{"order_id", "str"}, {"status", "enum[filled, rejected]"}});
  d.sigint_handler = on_stop;
  d.sigterm_handler = on_stop;
  return d;
}
