#pragma once
// Where a service's config comes from, in the seed's order: the file, then
// extra `--key value` arguments, then setup_config; validated last.
#include <string>
#include <vector>

#include <sf/json.hpp>

#include "model/schema.hpp"

namespace sf::detail {

// A config file is JSON, either flat or {"required": {...}, "optional": {...}}
// (the seed's example); both become one flat object. Throws sf::Error naming
// the file and the JSON error position.
Json load_config_file(const std::string& path);
// The same normalisation for an in-memory config (object API).
Json flatten_config(const Json& config, const std::string& where);

// `--key value` / `--key=value` pairs left over by the CLI. Where the model
// declares a scalar type the string is converted ("--count 25" -> 25); one that
// does not convert is an sf::Error naming the key. Undeclared keys stay strings.
Json parse_extra_arguments(const std::vector<std::string>& extras, const ArgsSchema& config_model);

// JSON and YAML have no decimal literal: a config key the model declares as
// decimal may be written as a string or number and is made exact here (before
// the config is checked against the model). Throws sf::Error on a string that
// is not a decimal literal.
Json coerce_decimals(Json config, const ArgsSchema& model);

// Keys of `over` replace those of `base` (the seed's setup_config merge).
Json merge_over(Json base, const Json& over);
// Objects merged recursively, anything else replaced (addresses).
Json deep_merge(Json base, const Json& over);

}  // namespace sf::detail
