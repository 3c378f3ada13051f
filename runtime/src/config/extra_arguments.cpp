// `--key value` arguments the CLI did not recognise become config keys (the
// seed's "Custom Environmental Arguments"), typed by the config model.
#include <charconv>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include <sf/error.hpp>

#include "config/config_sources.hpp"
#include "values/printable_text.hpp"

namespace sf::detail {
namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::optional<Json> to_int(const std::string& text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return Json(v);
}

std::optional<Json> to_float(const std::string& text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return Json(v);
}

std::optional<Json> to_bool(const std::string& text) {
  const std::string word = lowercase(text);
  if (word == "true" || word == "1" || word == "yes") return Json(true);
  if (word == "false" || word == "0" || word == "no") return Json(false);
  return std::nullopt;
}

template <typename Make>
std::optional<Json> via(Make make, const std::string& text) {
  try {
    return make(text);
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::optional<Json> to_none(const std::string& text) {
  const std::string word = lowercase(text);
  return word == "none" || word == "null" ? std::optional<Json>(nullptr) : std::nullopt;
}

std::optional<Json> convert_scalar(const std::string& text, const std::string& kind) {
  if (kind == "int") return to_int(text);
  if (kind == "float") return to_float(text);
  if (kind == "bool") return to_bool(text);
  if (kind == "decimal") return via([](const std::string& t) { return sf::decimal(t); }, text);
  if (kind == "uuid") return via([](const std::string& t) { return sf::uuid(t); }, text);
  if (kind == "none") return to_none(text);
  return Json(text);
}

// The first reading of `text` the type accepts, most specific first: for
// "float | int", "50" is the int 50 and "2.5" the float 2.5. Enum members
// are words or numbers: the word as typed comes before the numbers.
std::optional<Json> first_accepted(const std::string& text, const Schema& schema, bool word_first) {
  std::vector<std::optional<Json>> readings = {to_none(text)};
  if (word_first) readings.emplace_back(text);
  for (const char* kind : {"int", "float", "decimal", "bool", "uuid"}) readings.push_back(convert_scalar(text, kind));
  readings.emplace_back(text);
  std::string ignored;
  for (const auto& reading : readings)
    if (reading && schema.check(*reading, "", ignored)) return reading;
  return std::nullopt;
}

// The typed value of `text` for a key of type `schema`, or nullopt when it
// does not convert. Kinds with no command-line spelling stay strings, and the
// config validation that follows names the key if that is wrong.
std::optional<Json> convert(const std::string& text, const Schema& schema) {
  const std::string kind = schema.scalar_kind();
  if (kind == "enum") return first_accepted(text, schema, true);
  if (kind == "union") return first_accepted(text, schema, false);
  if (kind.empty() || kind == "str" || kind == "any") return Json(text);
  if (auto value = convert_scalar(text, kind)) return value;
  // "int | none": the word none is nil.
  std::string ignored;
  if (auto nil = to_none(text); nil && schema.check(*nil, "", ignored)) return nil;
  return std::nullopt;
}

}  // namespace

Json parse_extra_arguments(const std::vector<std::string>& extras, const ArgsSchema& config_model) {
  Json config = Json::object();
  for (std::size_t i = 0; i < extras.size(); ++i) {
    const std::string& arg = extras[i];
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0 || arg[2] == '=')
      throw Error(fmt::format("extra argument '{}': config arguments are written '--key value' or '--key=value'",
                              printable_text(arg)));
    std::string key;
    std::string text;
    if (const std::size_t eq = arg.find('='); eq != std::string::npos) {
      key = arg.substr(2, eq - 2);
      text = arg.substr(eq + 1);
    } else {
      key = arg.substr(2);
      if (i + 1 >= extras.size() || extras[i + 1].compare(0, 2, "--") == 0)
        throw Error(fmt::format("extra argument '{}' has no value; write '--{} value' or '--{}=value'",
                                printable_text(arg), printable_text(key), printable_text(key)));
      text = extras[++i];
    }
    const Schema* schema = config_model.find(key);
    if (!schema) {
      config[key] = text;
      continue;
    }
    std::optional<Json> value = convert(text, *schema);
    if (!value)
      throw Error(fmt::format("--{} '{}': expected {} for config key '{}'", key, printable_text(text),
                              schema->notation(), key));
    config[key] = std::move(*value);
  }
  return config;
}

}  // namespace sf::detail
