#pragma once
// Values as a person reads and writes them in JSON: what `sfsup call`, `tap`
// and `state` print, and what they accept back. Typed values become text that
// keeps every digit (a decimal "1.50", never a double), so a printed value
// can be pasted back as an argument.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sf/json.hpp>

namespace sf::detail {

// decimal and uuid -> their text, set -> a list, datetime -> ISO 8601 UTC
// ("2026-12-01T18:07:15.306Z"), bytes -> base64; containers walked.
Json plain_json(const Json& value);

// "2026-12-01T18:07:15.306Z", "2026-12-01 18:07:15", "...+01:00": the
// datetime value, or nullopt when the text is not one. No zone means UTC.
std::optional<Json> datetime_from_text(std::string_view text);
std::string datetime_text(const Json& datetime);  // sf::Error when not a datetime

std::string base64_encode(const std::vector<std::uint8_t>& data);
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);

}  // namespace sf::detail
