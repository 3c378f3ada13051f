#pragma once
// Where a topology's `service:` plugin is found. A value with a '/' or ending
// in ".so" is a path relative to the topology file; a bare name (`echo`) is
// looked up as lib<name>.so, then <name>.so, in order:
//   1. the topology's `service_path:` folders (relative to the topology file)
//   2. $SF_SERVICE_PATH (':'-separated, like PATH)
//   3. the installed example services, <prefix>/lib/service_framework/services,
//      found relative to the running sfsup (so any install prefix works)
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sfsup {

struct PluginDir {
  std::filesystem::path dir;
  std::string origin;  // "service_path", "SF_SERVICE_PATH" or "installed"
};

struct FoundPlugin {
  std::filesystem::path path;  // absolute
  std::string origin;          // a PluginDir's origin, or "path" for a path reference
};

bool is_plugin_name(std::string_view ref);

// The search path for bare names, in lookup order; `service_path` is absolute.
std::vector<PluginDir> plugin_search_dirs(const std::vector<std::filesystem::path>& service_path);

// Bare names: the first match on `dirs`, nullopt when none has it.
// Paths: resolved against `base_dir`, returned whether or not the file exists
// (the planner reports a missing or unloadable file with its own wording).
std::optional<FoundPlugin> find_plugin(std::string_view ref, const std::filesystem::path& base_dir,
                                       const std::vector<PluginDir>& dirs);

// "looked for libx.so in /a (service_path), /b (installed)": the one line a
// name found nowhere gets.
std::string describe_search(std::string_view name, const std::vector<PluginDir>& dirs);

}  // namespace sfsup
