#include "topology/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "topology/close_match.hpp"

namespace sfsup {

SourceMark mark_of(const YAML::Node& node) {
  const YAML::Mark m = node.Mark();
  if (m.line < 0) return {};
  return {m.line + 1, m.column + 1};
}

namespace {

const char* kind_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "a scalar";
    case YAML::NodeType::Null: return "empty";
    default: return "undefined";
  }
}

std::optional<long long> parse_integer(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<double> parse_float(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

bool is_plain(const YAML::Node& node) { return node.Tag() != "!"; }

// A value as quoted back in a one-line message: the scalar, or its kind.
std::string shown(const YAML::Node& node) {
  return node.IsScalar() ? node.Scalar() : std::string(kind_name(node));
}

}  // namespace

std::vector<MapEntry> read_map(const YAML::Node& node, SourceMark where, std::string_view what,
                               Diagnostics& diagnostics, const std::vector<std::string>& allowed) {
  std::vector<MapEntry> entries;
  if (!node || node.IsNull()) return entries;
  if (!node.IsMap()) {
    diagnostics.add(mark_of(node).line ? mark_of(node) : where,
                    fmt::format("{} must be a mapping of `key: value`, got {}; indent its keys "
                                "under it or write {{key: value}}",
                                what, kind_name(node)));
    return entries;
  }
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;  // a copy: the iterator yields a temporary pair
    MapEntry entry;
    entry.key_mark = mark_of(key);
    entry.value = it->second;
    entry.value_mark = mark_of(it->second);
    // yaml-cpp marks an empty value at the next token; the key is where the user looks.
    if (entry.value_mark.line == 0 || it->second.IsNull()) entry.value_mark = entry.key_mark;
    if (!key.IsScalar()) {
      diagnostics.add(entry.key_mark,
                      fmt::format("a key in {} is {}; keys must be plain names", what, kind_name(key)));
      continue;
    }
    entry.key = key.Scalar();
    if (!seen.insert(entry.key).second) {
      diagnostics.add(entry.key_mark, fmt::format("duplicate key '{}' in {}; keep only one of them",
                                                  entry.key, what));
      continue;
    }
    if (!allowed.empty() &&
        std::find(allowed.begin(), allowed.end(), entry.key) == allowed.end()) {
      diagnostics.add(entry.key_mark, fmt::format("unknown key '{}' in {}; {}", entry.key, what,
                                                  suggest(entry.key, allowed)));
      continue;
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::optional<std::string> read_string(const MapEntry& entry, Diagnostics& diagnostics) {
  if (!entry.value.IsScalar() || entry.value.Scalar().empty()) {
    diagnostics.add(entry.value_mark, fmt::format("'{}' must be a non-empty string, got {}; write "
                                                  "{}: <text>",
                                                  entry.key, kind_name(entry.value), entry.key));
    return std::nullopt;
  }
  return entry.value.Scalar();
}

std::optional<bool> read_bool(const MapEntry& entry, Diagnostics& diagnostics) {
  if (entry.value.IsScalar() && is_plain(entry.value)) {
    const std::string& s = entry.value.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  diagnostics.add(entry.value_mark,
                  fmt::format("'{}' must be true or false, got '{}'; write {}: true or {}: false",
                              entry.key, shown(entry.value), entry.key, entry.key));
  return std::nullopt;
}

std::optional<long long> read_integer(const MapEntry& entry, long long min, long long max,
                                      Diagnostics& diagnostics) {
  if (entry.value.IsScalar() && is_plain(entry.value)) {
    if (auto v = parse_integer(entry.value.Scalar()); v && *v >= min && *v <= max) return v;
  }
  diagnostics.add(entry.value_mark,
                  fmt::format("'{}' must be a whole number from {} to {}, got '{}'; write e.g. "
                              "{}: {}",
                              entry.key, min, max, shown(entry.value), entry.key, min));
  return std::nullopt;
}

std::optional<long long> read_seconds_as_ms(const MapEntry& entry, Diagnostics& diagnostics) {
  if (entry.value.IsScalar() && is_plain(entry.value)) {
    if (auto v = parse_float(entry.value.Scalar()); v && *v > 0 && *v <= 86'400.0 * 365) {
      return std::max<long long>(1, std::llround(*v * 1000.0));
    }
  }
  diagnostics.add(entry.value_mark,
                  fmt::format("'{}' must be a positive number of seconds, got '{}'; write e.g. "
                              "{}: 10",
                              entry.key, shown(entry.value), entry.key));
  return std::nullopt;
}

nlohmann::json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      auto out = nlohmann::json::object();
      for (auto it = node.begin(); it != node.end(); ++it) {
        out[scalar_text(it->first)] = yaml_to_json(it->second);
      }
      return out;
    }
    case YAML::NodeType::Sequence: {
      auto out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(yaml_to_json(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      if (!is_plain(node)) return s;
      if (s == "true" || s == "True" || s == "TRUE") return true;
      if (s == "false" || s == "False" || s == "FALSE") return false;
      if (s == "null" || s == "Null" || s == "NULL" || s == "~") return nullptr;
      if (auto i = parse_integer(s)) return *i;
      if (auto f = parse_float(s)) return *f;
      return s;
    }
    default:
      return nullptr;
  }
}

std::string scalar_text(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  if (!node || node.IsNull()) return "";
  return YAML::Dump(node);
}

}  // namespace sfsup
