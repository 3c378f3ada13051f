#pragma once
// Reading YAML nodes into typed values while reporting every mistake at its
// line and column: the bits of yaml-cpp use the topology parser repeats.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "topology/diagnostic.hpp"

namespace sfsup {

// yaml-cpp marks are 0-based and absent (-1) on some null nodes.
SourceMark mark_of(const YAML::Node& node);

// One `key: value` of a mapping. `value_mark` falls back to the key's mark
// when the value has none (an empty value like `ticks:`).
struct MapEntry {
  std::string key;
  YAML::Node value;
  SourceMark key_mark;
  SourceMark value_mark;
};

// The entries of a mapping, in file order. `what` names the mapping in
// messages ("service 'ticker'"). A null node is an empty mapping. Reports a
// non-mapping, duplicate keys, and (when `allowed` is not empty) unknown keys
// with the closest allowed one; bad entries are left out of the result.
std::vector<MapEntry> read_map(const YAML::Node& node, SourceMark where, std::string_view what,
                               Diagnostics& diagnostics,
                               const std::vector<std::string>& allowed = {});

// Scalars. Each returns nullopt after reporting a value of the wrong kind;
// `key` is how the entry is named in the message.
std::optional<std::string> read_string(const MapEntry& entry, Diagnostics& diagnostics);
std::optional<bool> read_bool(const MapEntry& entry, Diagnostics& diagnostics);
std::optional<long long> read_integer(const MapEntry& entry, long long min, long long max,
                                      Diagnostics& diagnostics);
// Seconds as written (10, 0.5) -> milliseconds; must be > 0.
std::optional<long long> read_seconds_as_ms(const MapEntry& entry, Diagnostics& diagnostics);

// A plain scalar read as YAML 1.2 core would (true/false, null, integers,
// floats, else string); quoted scalars stay strings. Mappings and sequences
// recurse. So `rate_hz: 100` is the number 100 and `symbol: "100"` a string.
nlohmann::json yaml_to_json(const YAML::Node& node);

// The text of a scalar as the user wrote it (no quotes), for argv values.
std::string scalar_text(const YAML::Node& node);

}  // namespace sfsup
