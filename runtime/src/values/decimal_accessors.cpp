// sf::Decimal out of the values a handler gets: one argument, a
// map[decimal, decimal] book side, and nlohmann's get<>/assignment hooks.
#include <algorithm>

#include <fmt/format.h>

#include <sf/decimal.hpp>

#include "values/value_kind.hpp"

namespace sf {

Decimal get_decimal(const Json& object, std::string_view key) {
  if (!object.is_object()) {
    throw Error(fmt::format("get_decimal('{}'): expected the args object, got {}", key, detail::kind_name(object)));
  }
  const auto it = object.find(key);
  if (it == object.end()) {
    throw Error(fmt::format("get_decimal: no key '{}'; declare it as \"decimal\" in the model's required arguments",
                            key));
  }
  if (!is_decimal(*it)) {
    throw Error(fmt::format("get_decimal: '{}' is {}, not a decimal; declare it as \"decimal\" in the model", key,
                            detail::kind_name(*it)));
  }
  return Decimal(*it);
}

std::vector<std::pair<Decimal, Decimal>> decimal_pairs(const Json& map) {
  if (!map.is_object() || detail::is_extension_object(map)) {
    throw Error(fmt::format("decimal_pairs: expected a map[decimal, decimal], got {}", detail::kind_name(map)));
  }
  std::vector<std::pair<Decimal, Decimal>> pairs;
  pairs.reserve(map.size());
  for (const auto& [key, value] : map.items()) {
    if (!is_decimal(value)) {
      throw Error(fmt::format("decimal_pairs: the value at key \"{}\" is {}, not a decimal; declare the map as "
                              "map[decimal, decimal]",
                              key, detail::kind_name(value)));
    }
    try {
      pairs.emplace_back(Decimal(key), Decimal(value));
    } catch (const Error&) {
      throw Error(fmt::format("decimal_pairs: key \"{}\" is not a decimal; declare the map as map[decimal, decimal]",
                              key));
    }
  }
  // NaN keys cannot be ordered: they go last, in the Json's order.
  std::stable_sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
    if (a.first.is_nan() || b.first.is_nan()) return !a.first.is_nan() && b.first.is_nan();
    return a.first < b.first;
  });
  return pairs;
}

void to_json(Json& j, const Decimal& d) { j = d.to_json(); }

void from_json(const Json& j, Decimal& d) { d = Decimal(j); }

}  // namespace sf
