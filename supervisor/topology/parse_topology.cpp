#include "topology/parse_topology.hpp"

#include <fstream>
#include <optional>
#include <string_view>
#include <iterator>
#include <regex>

#include <fmt/format.h>

#include "topology/interpolation.hpp"
#include "topology/merge_keys.hpp"
#include "topology/parse_endpoints.hpp"
#include "topology/parse_metrics.hpp"
#include "topology/parse_settings.hpp"
#include "topology/plugin_search.hpp"
#include "topology/yaml_reader.hpp"
#include "topology/yaml_syntax.hpp"

namespace sfsup {

namespace {

namespace fs = std::filesystem;

std::vector<std::string> with_settings(std::vector<std::string> keys) {
  keys.insert(keys.end(), setting_keys().begin(), setting_keys().end());
  return keys;
}

const std::vector<std::string>& service_keys() {
  static const auto keys = with_settings(
      {"service", "main", "config", "config_file", "args", "connections", "states"});
  return keys;
}

const std::vector<std::string>& defaults_keys() {
  static const auto keys = with_settings({"tcp_ports"});
  return keys;
}

fs::path resolve(const fs::path& base_dir, const std::string& text) {
  return fs::weakly_canonical(base_dir / text);
}

// A config file is the worker's: a flat JSON object, or the seed's
// {"required": {...}, "optional": {...}} which flattens to the same.
void read_config_file(const MapEntry& entry, const fs::path& base_dir, ServiceDecl& service,
                      Diagnostics& diagnostics) {
  auto text = read_string(entry, diagnostics);
  if (!text) return;
  const fs::path path = resolve(base_dir, *text);
  service.config_file = path;
  std::ifstream in(path);
  if (!in) {
    diagnostics.add(entry.value_mark, fmt::format("config file {} cannot be read; fix the path "
                                                  "(relative to the topology file)",
                                                  path.string()));
    return;
  }
  nlohmann::json file_config;
  try {
    file_config = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    diagnostics.add(entry.value_mark, fmt::format("config file {} is not valid JSON (byte {}); fix "
                                                  "the file",
                                                  path.string(), e.byte));
    return;
  }
  if (!file_config.is_object()) {
    diagnostics.add(entry.value_mark, fmt::format("config file {} must hold a JSON object; write "
                                                  "{{\"key\": value, ...}}",
                                                  path.string()));
    return;
  }
  const bool seed_shape = !file_config.empty() && std::all_of(
      file_config.items().begin(), file_config.items().end(), [](const auto& item) {
        return (item.key() == "required" || item.key() == "optional") && item.value().is_object();
      });
  nlohmann::json flat = nlohmann::json::object();
  if (seed_shape) {
    for (const auto& part : file_config) flat.update(part);
  } else {
    flat = std::move(file_config);
  }
  // Inline config is read after this and wins key by key.
  for (const auto& item : flat.items()) {
    if (!service.config.contains(item.key())) {
      service.config[item.key()] = item.value();
      service.config_marks[item.key()] = entry.value_mark;
      service.config_value_marks[item.key()] = entry.value_mark;
    }
  }
  if (service.config_mark.line == 0) service.config_mark = entry.key_mark;
}

void read_inline_config(const MapEntry& entry, ServiceDecl& service, Diagnostics& diagnostics) {
  service.config_mark = entry.key_mark;
  for (const auto& e : read_map(entry.value, entry.value_mark,
                                fmt::format("'config' of service '{}'", service.name), diagnostics)) {
    service.config[e.key] = yaml_to_json(e.value);
    service.config_marks[e.key] = e.key_mark;
    service.config_value_marks[e.key] = e.value_mark;
  }
}

void read_args(const MapEntry& entry, ServiceDecl& service, Diagnostics& diagnostics) {
  for (const auto& e : read_map(entry.value, entry.value_mark,
                                fmt::format("'args' of service '{}'", service.name), diagnostics)) {
    if (e.key.empty() || e.key.front() == '-' || e.key.find_first_of(" \t=") != std::string::npos) {
      diagnostics.add(e.key_mark, fmt::format("'{}' is not an argument name; write the bare name "
                                              "(args: {{count: 5}} passes --count 5)",
                                              e.key));
    } else if (!e.value.IsScalar()) {
      diagnostics.add(e.value_mark, fmt::format("args '{}' must be a single value; put structured "
                                                "values under config:",
                                                e.key));
    } else {
      service.args.push_back(ExtraArg{e.key, e.value.Scalar(), e.key_mark, e.value_mark});
    }
  }
}

ServiceDecl read_service(const MapEntry& entry, const fs::path& base_dir,
                         const ServiceSettings& defaults, Diagnostics& diagnostics) {
  ServiceDecl service;
  service.name = entry.key;
  service.mark = entry.key_mark;
  service.settings = defaults;
  const std::string owner = fmt::format("service '{}'", entry.key);
  const auto keys = read_map(entry.value, entry.value_mark, owner, diagnostics, service_keys());
  // config_file first, so inline `config:` keys land over the file's.
  for (const auto& e : keys) {
    if (e.key == "config_file") read_config_file(e, base_dir, service, diagnostics);
  }
  bool has_service_key = false;
  for (const auto& e : keys) {
    if (e.key == "service") {
      has_service_key = true;
      service.plugin_mark = e.value_mark;
      if (auto text = read_string(e, diagnostics)) service.plugin_ref = *text;
    } else if (e.key == "main") {
      service.main_mark = e.key_mark;
      service.main = read_bool(e, diagnostics).value_or(false);
    } else if (e.key == "config") {
      read_inline_config(e, service, diagnostics);
    } else if (e.key == "args") {
      read_args(e, service, diagnostics);
    } else if (e.key == "connections" || e.key == "states") {
      read_endpoints(e, e.key == "states" ? EndpointKind::state : EndpointKind::connection,
                     service.name, service.endpoints, diagnostics);
    } else if (e.key != "config_file") {
      read_setting(e, owner, service.settings, diagnostics);
    }
  }
  if (!has_service_key) {
    diagnostics.add(entry.key_mark, fmt::format("service '{}' has no 'service:' plugin; add "
                                                "service: {} (a plugin name) or service: path/to/lib{}.so",
                                                entry.key, entry.key, entry.key));
  }
  return service;
}

void read_tcp_ports(const MapEntry& entry, Topology& topology, Diagnostics& diagnostics) {
  topology.tcp_ports_mark = entry.value_mark;
  const auto& v = entry.value;
  auto port = [](const YAML::Node& n) -> int {
    if (!n.IsScalar()) return 0;
    try {
      return n.as<int>();
    } catch (const YAML::Exception&) {
      return 0;
    }
  };
  if (v.IsSequence() && v.size() == 2) {
    const int first = port(v[0]);
    const int last = port(v[1]);
    if (first >= 1 && last <= 65535 && first <= last) {
      topology.tcp_ports = {first, last};
      return;
    }
  }
  diagnostics.add(entry.value_mark, "'tcp_ports' must be [first, last] with 1 <= first <= last <= "
                                    "65535; write e.g. tcp_ports: [20000, 29999]");
}

// `service_path: dir` or `service_path: [dir, ...]`, relative to the topology file.
void read_service_path(const MapEntry& entry, const fs::path& base_dir, Topology& topology,
                       Diagnostics& diagnostics) {
  const auto& v = entry.value;
  std::vector<YAML::Node> items;
  if (v.IsScalar()) items.push_back(v);
  if (v.IsSequence())
    for (const auto& item : v) items.push_back(item);
  for (const auto& item : items) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      items.clear();
      break;
    }
    topology.service_path.push_back(resolve(base_dir, item.Scalar()));
  }
  if (items.empty()) {
    diagnostics.add(entry.value_mark, "'service_path' is a folder or a list of folders where plugins "
                                      "are looked up by name; write e.g. service_path: [build]");
  }
}

// `security: none` (the default) or `security: curve`.
void read_security(const MapEntry& entry, Topology& topology, Diagnostics& diagnostics) {
  topology.security_mark = entry.value_mark;
  const std::string word = entry.value.IsScalar() ? entry.value.Scalar() : std::string();
  if (word == "curve") topology.security = Security::curve;
  else if (word != "none")
    diagnostics.add(entry.value_mark, fmt::format("'security' cannot be '{}'; write security: curve "
                                                  "(CURVE keys per service) or security: none",
                                                  entry.value.IsScalar() ? word : "a collection"));
}

// Bare names are looked up only once the whole file is read: `service_path:`
// may come after `services:`.
void find_plugins(Topology& topology, const fs::path& base_dir, Diagnostics& diagnostics) {
  const auto dirs = plugin_search_dirs(topology.service_path);
  for (auto& service : topology.services) {
    if (service.plugin_ref.empty()) continue;
    if (auto found = find_plugin(service.plugin_ref, base_dir, dirs)) {
      service.plugin = found->path;
      service.plugin_origin = found->origin;
      continue;
    }
    diagnostics.add(service.plugin_mark,
                    fmt::format("service plugin '{}' not found: {}; build it, fix the name, or add its "
                                "folder to service_path: (or SF_SERVICE_PATH)",
                                service.plugin_ref, describe_search(service.plugin_ref, dirs)));
  }
}

// The offset of the first byte that is not part of well-formed UTF-8 (RFC
// 3629: no overlongs, no surrogates, nothing past U+10FFFF). YAML is UTF-8
// text, and every value ends up in JSON files that must be too.
std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = byte(i);
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (c < 0x80) length = 1;
    else if (c >= 0xC2 && c <= 0xDF) length = 2;
    else if (c >= 0xE0 && c <= 0xEF) length = 3, low = c == 0xE0 ? 0xA0 : 0x80, high = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4) length = 4, low = c == 0xF0 ? 0x90 : 0x80, high = c == 0xF4 ? 0x8F : 0xBF;
    else return i;
    if (i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const unsigned char next = byte(i + k);
      if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) return i;
    }
    i += length;
  }
  return std::nullopt;
}

SourceMark mark_of_offset(std::string_view text, std::size_t offset) {
  SourceMark mark{1, 1};
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') ++mark.line, mark.column = 1;
    else ++mark.column;
  }
  return mark;
}

}  // namespace

Topology parse_topology(const fs::path& file, Diagnostics& diagnostics) {
  Topology topology;
  topology.file = fs::absolute(file);
  topology.name = file.stem().string();
  const fs::path base_dir = topology.file.parent_path();

  std::error_code ec;
  if (fs::is_directory(topology.file, ec)) {
    diagnostics.add({}, "this is a directory, not a topology file; name the .yaml file inside it");
    return topology;
  }
  std::ifstream in(topology.file);
  if (!in) {
    diagnostics.add({}, "cannot read the topology file; check the path and permissions");
    return topology;
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (auto bad = first_invalid_utf8(text)) {
    diagnostics.add(mark_of_offset(text, *bad),
                    fmt::format("byte 0x{:02X} is not UTF-8 text; save the topology as UTF-8",
                                static_cast<unsigned char>(text[*bad])));
    return topology;
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    const SyntaxProblem problem = explain_yaml_error(text, e);
    diagnostics.add(problem.mark, problem.message);
    return topology;
  }
  if (!root.IsMap()) {
    diagnostics.add({1, 1}, "a topology is a mapping with 'services:' (and optionally 'name:', "
                            "'defaults:'); see docs/topology.md");
    return topology;
  }
  // Compose's conventions: `x-...` keys hold shared snippets (anchors), `<<`
  // merges them, `${VAR}` comes from the environment or .env.
  std::vector<YAML::Node> extension_keys;
  for (auto it = root.begin(); it != root.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar().rfind("x-", 0) == 0) extension_keys.push_back(it->first);
  for (const auto& key : extension_keys) root.remove(key);
  expand_merge_keys(root, diagnostics);
  const std::size_t before = diagnostics.size();
  interpolate(root, read_dot_env(base_dir / ".env", diagnostics), diagnostics);
  // Values that could not be filled in would only add misleading complaints.
  if (diagnostics.size() > before) return topology;

  const auto top = read_map(root, {1, 1}, "the topology", diagnostics,
                            {"name", "defaults", "services", "service_path", "metrics", "security"});
  ServiceSettings defaults;
  for (const auto& e : top) {
    if (e.key == "name") {
      if (auto name = read_string(e, diagnostics)) topology.name = *name;
    } else if (e.key == "service_path") {
      read_service_path(e, base_dir, topology, diagnostics);
    } else if (e.key == "metrics") {
      read_metrics_setting(e, topology, diagnostics);
    } else if (e.key == "security") {
      read_security(e, topology, diagnostics);
    } else if (e.key == "defaults") {
      for (const auto& d : read_map(e.value, e.value_mark, "'defaults'", diagnostics, defaults_keys())) {
        if (d.key == "tcp_ports") read_tcp_ports(d, topology, diagnostics);
        else read_setting(d, "defaults", defaults, diagnostics);
      }
    }
  }

  const auto services = std::find_if(top.begin(), top.end(),
                                     [](const MapEntry& e) { return e.key == "services"; });
  if (services == top.end() || services->value.IsNull() ||
      (services->value.IsMap() && services->value.size() == 0)) {
    diagnostics.add(services == top.end() ? SourceMark{1, 1} : services->key_mark,
                    "the topology has no services; add services: {<name>: {service: lib<name>.so}}");
    return topology;
  }
  static const std::regex valid_name("[A-Za-z0-9_-]+");
  for (const auto& e : read_map(services->value, services->value_mark, "'services'", diagnostics)) {
    if (!std::regex_match(e.key, valid_name)) {
      diagnostics.add(e.key_mark, fmt::format("service name '{}' may only use letters, digits, '_' "
                                              "and '-'; rename it",
                                              e.key));
      continue;
    }
    topology.services.push_back(read_service(e, base_dir, defaults, diagnostics));
  }
  find_plugins(topology, base_dir, diagnostics);
  return topology;
}

}  // namespace sfsup
