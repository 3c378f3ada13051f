#pragma once
// The order book both book services (and the state tests) agree on: the seed's
// own order_book state model, and a checksum of a book that does not depend on
// who computed it. Header-only: each plugin compiles its own copy.
#include <cstdint>
#include <optional>
#include <string>

#include <fmt/format.h>

#include <sf/decimal.hpp>
#include <sf/json.hpp>
#include <sf/model.hpp>

namespace book {

// bids/asks: price level -> size. last_trade comes and goes (a delta deletes
// it with null), so the example exercises key deletion.
inline sf::ArgsModel model() {
  sf::ArgsModel m;
  m.required = {{"bids", "map[decimal, decimal]"}, {"asks", "map[decimal, decimal]"}};
  m.optional = {{"last_trade", "decimal"}, {"updated_time", "datetime"}};
  return m;
}

// FNV-1a over the canonical JSON text. nlohmann keeps object keys sorted and
// values hold decimals as their exact strings, so equal books hash equally on
// both sides of the wire.
inline std::string checksum(const sf::Json& book) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : book.dump()) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", hash);
}

// Price levels on both sides: what "size" means in the logs.
inline std::size_t levels(const sf::Json& book) {
  std::size_t n = 0;
  for (const char* side : {"bids", "asks"}) {
    if (auto it = book.find(side); it != book.end() && it->is_object()) n += it->size();
  }
  return n;
}

// The best price on a side: the highest bid or the lowest ask, compared as
// decimals (the Json orders keys as strings, where "100.5" < "99.5").
// nullopt when the side is missing or empty.
inline std::optional<sf::Decimal> best_price(const sf::Json& book, const char* side) {
  const auto levels = book.find(side);
  if (levels == book.end() || levels->empty()) return std::nullopt;
  const auto pairs = sf::decimal_pairs(*levels);  // ascending by price
  return std::string_view(side) == "bids" ? pairs.back().first : pairs.front().first;
}

// best ask - best bid, when both sides have a level.
inline std::optional<sf::Decimal> spread(const sf::Json& book) {
  const auto bid = best_price(book, "bids");
  const auto ask = best_price(book, "asks");
  if (!bid || !ask) return std::nullopt;
  return *ask - *bid;
}

}  // namespace book
