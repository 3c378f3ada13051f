#pragma once
// The canonical string forms of values that can be map keys. JSON object keys
// (and so our in-memory maps) are strings, while a Python peer may send
// {Decimal: ..., int: ..., UUID: ...}; both sides agree on a key when each
// writes it the way Python's str() would.
#include <optional>
#include <string>
#include <string_view>

#include <sf/json.hpp>

namespace sf::detail {

// str(uuid.UUID(text)) for 8-4-4-4-12 hex in either case; nullopt otherwise.
std::optional<std::string> canonical_uuid(std::string_view text);

// A random (v4) uuid in its canonical form: what sf::new_uuid() carries.
std::string new_uuid_text();

// 8-4-4-4-12 hex in either case; allocates nothing.
bool is_uuid_text(std::string_view text);

// "0", "-3", "42": no sign on positives, no leading zeros, fits 64 bits.
bool is_canonical_int(std::string_view text);

// Any finite number literal strtod accepts in full ("1.5", "2", "1e-07").
bool is_float_literal(std::string_view text);

// Python's repr(float): "1.0", "0.1", "1e+16", "1.5e-07", "inf", "nan".
std::string python_float_repr(double value);

// The canonical string of a decoded map key: strings as they are, integers in
// decimal, floats as Python prints them, decimal/uuid objects as their as_str,
// booleans "true"/"false", nil "null", anything else its compact JSON text.
std::string key_string(const Json& key);

}  // namespace sf::detail
