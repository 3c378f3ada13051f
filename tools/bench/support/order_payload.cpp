#include "support/order_payload.hpp"

namespace sfbench {

sf::Json order_args() {
  return {{"order_id", "ORD-2024-0001234"}, {"price", sf::decimal("101.25")}, {"qty", 7}};
}

sf::Json order_ack(const sf::Json& order) {
  return {{"order_id", order.at("order_id")}, {"accepted", order.at("qty").get<std::int64_t>() > 0}};
}

bool is_ack_of(const sf::Json& ack, const sf::Json& order) {
  return ack.is_object() && ack.value("accepted", false) && ack.at("order_id") == order.at("order_id");
}

sf::Json order_model() { return {{"order_id", "str"}, {"price", "decimal"}, {"qty", "int"}}; }
sf::Json ack_model() { return {{"order_id", "str"}, {"accepted", "bool"}}; }

void encode_msgpack(const sf::Json& value, std::vector<std::uint8_t>& out) {
  out.clear();
  sf::Json::to_msgpack(value, out);
}

sf::Json decode_msgpack(const void* data, std::size_t size) {
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  return sf::Json::from_msgpack(bytes, bytes + size);
}

}  // namespace sfbench
