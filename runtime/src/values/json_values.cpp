// Constructors and predicates for the extension values of sf/json.hpp. Each
// value is built directly in its wire shape, so the codec never rewrites it.
#include <sf/error.hpp>
#include <sf/json.hpp>

#include <algorithm>
#include <numeric>
#include <random>

#include <fmt/format.h>

#include "values/canonical_forms.hpp"
#include "values/decimal_literal.hpp"
#include "values/value_kind.hpp"

namespace sf {
namespace {

constexpr const char* kDecimalMarker = "__decimal__";
constexpr const char* kUuidMarker = "__uuid__";
constexpr const char* kSetMarker = "__set__";

Json marked(const char* marker, const char* payload_key, Json payload) {
  Json v = Json::object();
  v[marker] = true;
  v[payload_key] = std::move(payload);
  return v;
}

// The marker must be `true` and the payload of the right type; the size check
// keeps a user map that merely contains "__decimal__" from passing.
bool has_marker(const Json& v, const char* marker, const char* payload_key, Json::value_t payload_type) {
  if (!v.is_object() || v.size() != 2) return false;
  const auto flag = v.find(marker);
  if (flag == v.end() || !flag->is_boolean() || !flag->get<bool>()) return false;
  const auto payload = v.find(payload_key);
  return payload != v.end() && payload->type() == payload_type;
}

}  // namespace

Json decimal(std::string_view as_str) {
  auto canonical = detail::canonical_decimal(as_str);
  if (!canonical) throw Error(fmt::format("bad decimal literal '{}': write it like '1.25', '-3' or '1E+6'", as_str));
  return marked(kDecimalMarker, "as_str", std::move(*canonical));
}

bool is_decimal(const Json& v) { return has_marker(v, kDecimalMarker, "as_str", Json::value_t::string); }

const std::string& decimal_str(const Json& v) {
  if (!is_decimal(v)) throw Error(fmt::format("expected a decimal, got {}", detail::kind_name(v)));
  return v.find("as_str")->get_ref<const std::string&>();
}

Json uuid(std::string_view as_str) {
  auto canonical = detail::canonical_uuid(as_str);
  if (!canonical)
    throw Error(
        fmt::format("bad uuid '{}': write it as 8-4-4-4-12 hex digits, "
                    "like '123e4567-e89b-42d3-a456-426614174000'",
                    as_str));
  return marked(kUuidMarker, "as_str", std::move(*canonical));
}

bool is_uuid(const Json& v) { return has_marker(v, kUuidMarker, "as_str", Json::value_t::string); }

const std::string& uuid_str(const Json& v) {
  if (!is_uuid(v)) throw Error(fmt::format("expected a uuid, got {}", detail::kind_name(v)));
  return v.find("as_str")->get_ref<const std::string&>();
}

Json new_uuid() { return marked(kUuidMarker, "as_str", detail::new_uuid_text()); }

std::string detail::new_uuid_text() {
  // One engine per thread: seeded once from the OS, never shared unlocked.
  thread_local std::mt19937_64 engine{[] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
    return std::mt19937_64(seq);
  }()};
  std::uint64_t hi = engine();
  std::uint64_t lo = engine();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;              // version 4
  lo = (lo & ~(0xC0ULL << 56)) | (0x80ULL << 56);  // RFC 4122 variant
  // 8-4-4-4-12 by hand: every leading-edge send draws one for its workflow
  // id, and fmt's five-field format was a sixth of a publisher's send.
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text(36, '-');
  std::size_t at = 0;
  for (int nibble = 15; nibble >= 0; --nibble, ++at) {
    if (at == 8 || at == 13) ++at;
    text[at] = kHex[(hi >> (4 * nibble)) & 0xF];
  }
  for (int nibble = 15; nibble >= 0; --nibble, ++at) {
    if (at == 18 || at == 23) ++at;
    text[at] = kHex[(lo >> (4 * nibble)) & 0xF];
  }
  return text;
}

Json set_of(Json::array_t values) {
  // A set has no duplicates; keep the first of each so the order stays the
  // caller's.
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<bool> keep(values.size(), true);
  for (std::size_t i = 1; i < order.size(); ++i)
    if (values[order[i]] == values[order[i - 1]]) keep[order[i]] = false;
  Json::array_t unique;
  unique.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i)
    if (keep[i]) unique.push_back(std::move(values[i]));
  return marked(kSetMarker, "value", std::move(unique));
}

bool is_set(const Json& v) { return has_marker(v, kSetMarker, "value", Json::value_t::array); }

Json bytes(std::vector<std::uint8_t> data) { return Json::binary(std::move(data)); }

bool is_bytes(const Json& v) { return v.is_binary() && !v.get_binary().has_subtype(); }

}  // namespace sf
