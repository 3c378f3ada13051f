#include "planning/config_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sf/error.hpp>

#include "config/config_sources.hpp"
#include "model/schema.hpp"
#include "topology/close_match.hpp"
#include "topology/yaml_reader.hpp"
#include "values/value_kind.hpp"

namespace sfsup {

namespace {

using nlohmann::json;
using sf::detail::ArgsSchema;
using sf::detail::Schema;

// How to write a value of the expected type, for the fix half of a message.
std::string how_to_write(const Schema& type, const std::string& key) {
  const std::string kind = type.scalar_kind();
  if (kind == "int") return fmt::format("write a whole number, e.g. {}: 5", key);
  if (kind == "float") return fmt::format("write a number, e.g. {}: 1.5", key);
  if (kind == "bool") return fmt::format("write {}: true or {}: false (unquoted)", key, key);
  if (kind == "str") return fmt::format("write text, e.g. {}: \"text\"", key);
  if (kind == "decimal") return fmt::format("write a decimal, e.g. {}: \"1.25\"", key);
  if (kind == "enum") return fmt::format("write one of {}", type.notation());
  return fmt::format("write a value of type {}", type.notation());
}

// The value as quoted back: its kind and, for scalars, the value itself.
std::string shown(const json& value) {
  const std::string kind(sf::detail::kind_name(value));
  if (value.is_string()) return fmt::format("{} '{}'", kind, value.get<std::string>());
  if (value.is_number() || value.is_boolean()) return fmt::format("{} {}", kind, value.dump());
  return kind;
}

// An integer the YAML or JSON reader could only hold as a float (or an
// unsigned past int64): no int-typed key can take it.
bool beyond_int64(const json& value) {
  if (value.is_number_unsigned()) return value.get<std::uint64_t>() > INT64_MAX;
  if (!value.is_number_float()) return false;
  const double v = value.get<double>();
  return std::trunc(v) == v && std::fabs(v) >= 9.2e18;
}

// Why `value` (already through the worker's own decimal coercion) does not
// fit `type`, with the fix; empty when it fits.
std::string value_problem(const json& value, const Schema& type, const std::string& key) {
  std::string error;
  if (type.check(value, key, error)) return "";
  const std::string kind = type.scalar_kind();
  if (kind == "int" && beyond_int64(value)) {
    return fmt::format("got {}, beyond the 64-bit integer range; write a whole number from {} to {}",
                       value.dump(), INT64_MIN, INT64_MAX);
  }
  if (value.is_string() && !kind.empty() && kind != "str") {
    // "true" for a bool, "5" for an int: would the YAML reader, given the
    // text unquoted, have produced a value that fits?
    try {
      const json unquoted = yaml_to_json(YAML::Load(value.get<std::string>()));
      std::string ignored;
      if (!unquoted.is_string() && type.check(unquoted, key, ignored))
        return fmt::format("got {}; remove the quotes: {}: {}", shown(value), key,
                           value.get<std::string>());
    } catch (const YAML::Exception&) {
    }
  }
  const bool nested = error.rfind(key + ":", 0) != 0;  // the checker named an inner path
  if (nested) return fmt::format("got a value where {}; fix that part", error);
  return fmt::format("got {}; {}", shown(value), how_to_write(type, key));
}

// Each config value and each `args:` value against the plugin's config_model,
// as the worker will check them: args converted by the worker's own
// command-line rules, then everything through its decimal coercion and checker.
void check_values(const ServiceDecl& service, const ServiceDescription& description,
                  const std::string& plugin, Diagnostics& diagnostics) {
  ArgsSchema model;
  try {
    model = ArgsSchema::compile(sf::ArgsModel{description.config_required, description.config_optional},
                                "config_model");
  } catch (const sf::Error& e) {
    diagnostics.add(service.plugin_mark, fmt::format("the config_model of {} cannot be read: {}; fix the "
                                                     "plugin's model",
                                                     plugin, e.what()));
    return;
  }
  auto report = [&](const char* where, const std::string& key, SourceMark mark, const Schema& type,
                    const std::string& problem) {
    diagnostics.add(mark, fmt::format("{} '{}' of service '{}' must be {} (config_model of {}), {}", where,
                                      key, service.name, type.notation(), plugin, problem));
  };
  auto check_one = [&](const char* where, const std::string& key, json value, SourceMark mark) {
    const Schema* type = model.find(key);
    if (!type) return;  // undeclared: check_config reports it
    try {
      value = sf::detail::coerce_decimals(json{{key, std::move(value)}}, model)[key];
    } catch (const sf::Error& e) {
      report(where, key, mark, *type, fmt::format("but {}; {}", e.what(), how_to_write(*type, key)));
      return;
    }
    if (auto problem = value_problem(value, *type, key); !problem.empty())
      report(where, key, mark, *type, problem);
  };

  for (const auto& [key, value] : service.config.items()) {
    // Through an init-capture: clang 14 cannot capture a structured binding.
    const bool overridden = std::any_of(service.args.begin(), service.args.end(),
                                        [&k = key](const ExtraArg& a) { return a.key == k; });
    if (!overridden) check_one("config", key, value, service.config_value_marks.at(key));
  }
  for (const auto& arg : service.args) {
    const Schema* type = model.find(arg.key);
    if (!type) continue;
    json converted;
    try {
      converted = sf::detail::parse_extra_arguments({"--" + arg.key, arg.value}, model)[arg.key];
    } catch (const sf::Error&) {
      report("args", arg.key, arg.value_mark, *type,
             fmt::format("got '{}'; {}", arg.value, how_to_write(*type, arg.key)));
      continue;
    }
    if (converted.is_string() && !type->scalar_kind().empty() && type->scalar_kind() != "str") {
      check_one("args", arg.key, converted, arg.value_mark);
    } else if (converted.is_string() && type->scalar_kind().empty()) {
      report("args", arg.key, arg.value_mark, *type,
             fmt::format("which a command-line argument cannot carry; move it under config: ({}: ...)",
                         arg.key));
    } else {
      check_one("args", arg.key, converted, arg.value_mark);
    }
  }
}

}  // namespace

void check_config(const ServiceDecl& service, const ServiceDescription& description,
                  Diagnostics& diagnostics) {
  std::vector<std::string> declared;
  for (const auto& [key, type] : description.config_required.items()) declared.push_back(key);
  for (const auto& [key, type] : description.config_optional.items()) declared.push_back(key);
  const std::string plugin = service.plugin.filename().string();

  auto check_known = [&](const std::string& key, SourceMark mark, const char* where) {
    if (std::find(declared.begin(), declared.end(), key) != declared.end()) return;
    diagnostics.add(mark, fmt::format("{} key '{}' is not in the config model of '{}' ({}); {}",
                                      where, key, service.name, plugin,
                                      declared.empty() ? std::string("this service takes no config, "
                                                                     "so remove it")
                                                       : suggest(key, declared)));
  };
  for (const auto& [key, value] : service.config.items()) {
    check_known(key, service.config_marks.at(key), "config");
  }
  for (const auto& arg : service.args) check_known(arg.key, arg.mark, "args");
  check_values(service, description, plugin, diagnostics);

  // setup_config may add keys at startup, so their absence here is not certain.
  if (description.has_setup_config) return;
  std::vector<std::string> missing;
  for (const auto& [key, type] : description.config_required.items()) {
    const bool given = service.config.contains(key) ||
                       std::any_of(service.args.begin(), service.args.end(),
                                   [&key = key](const ExtraArg& a) { return a.key == key; });
    if (!given) {
      missing.push_back(fmt::format("{} ({})", key, type.is_string() ? type.get<std::string>() : type.dump()));
    }
  }
  if (!missing.empty()) {
    diagnostics.add(service.config_mark.line ? service.config_mark : service.mark,
                    fmt::format("service '{}' lacks required config {}; add {} under config:",
                                service.name, fmt::join(missing, ", "),
                                missing.size() == 1 ? "it" : "them"));
  }
}

}  // namespace sfsup
