// The config file and the two merges of the seed's config step.
#include "config/config_sources.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include <sf/error.hpp>

namespace sf::detail {
namespace {

// "[json.exception.parse_error.101] parse error at line 3, column 5: ..." loses its tag.
std::string without_exception_tag(const char* what) {
  std::string_view text(what);
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find("] ");
    if (close != std::string_view::npos) text.remove_prefix(close + 2);
  }
  return std::string(text);
}

// The seed's example config file nests its keys under "required"/"optional";
// a flat file does not. Only an object made of nothing but those two keys,
// each an object, is the nested form.
bool is_split_form(const Json& config) {
  if (config.empty()) return false;
  for (const auto& [key, value] : config.items())
    if ((key != "required" && key != "optional") || !value.is_object()) return false;
  return true;
}

}  // namespace

Json load_config_file(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw Error(fmt::format("config file '{}': cannot read it ({}); check the -c path", path, std::strerror(errno)));
  Json config;
  try {
    config = Json::parse(in);
  } catch (const Json::exception& e) {  // parse_error, and out_of_range for a number like 1e999
    throw Error(fmt::format("config file '{}': {}", path, without_exception_tag(e.what())));
  }
  return flatten_config(config, fmt::format("config file '{}'", path));
}

Json flatten_config(const Json& config, const std::string& where) {
  if (config.is_null()) return Json::object();
  if (!config.is_object())
    throw Error(fmt::format("{}: expected a JSON object of config keys, got {}", where, config.type_name()));
  if (!is_split_form(config)) return config;
  Json flat = config.value("required", Json::object());
  const Json optional = config.value("optional", Json::object());
  for (const auto& [key, value] : optional.items()) {
    if (flat.contains(key))
      throw Error(fmt::format("{}: key '{}' is under both \"required\" and \"optional\"; keep one", where, key));
    flat[key] = value;
  }
  return flat;
}

Json coerce_decimals(Json config, const ArgsSchema& model) {
  if (!config.is_object()) return config;
  for (auto& [key, value] : config.items()) {
    const Schema* type = model.find(key);
    if (type == nullptr || type->scalar_kind() != "decimal") continue;
    if (value.is_string()) {
      value = sf::decimal(value.get<std::string>());
    } else if (value.is_number()) {
      value = sf::decimal(value.dump());
    }
  }
  return config;
}

Json merge_over(Json base, const Json& over) {
  if (over.is_null()) return base;
  if (base.is_null()) base = Json::object();
  if (!base.is_object() || !over.is_object())
    throw Error(
        fmt::format("cannot merge a {} over a {}: both must be JSON objects", over.type_name(), base.type_name()));
  for (const auto& [key, value] : over.items()) base[key] = value;
  return base;
}

Json deep_merge(Json base, const Json& over) {
  if (!base.is_object() || !over.is_object()) return over.is_null() && base.is_object() ? base : over;
  for (const auto& [key, value] : over.items()) {
    auto existing = base.find(key);
    if (existing != base.end() && existing->is_object() && value.is_object())
      *existing = deep_merge(std::move(*existing), value);
    else
      base[key] = value;
  }
  return base;
}

}  // namespace sf::detail
