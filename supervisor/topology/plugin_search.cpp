#include "topology/plugin_search.hpp"

#include <cstdlib>

#include <fmt/format.h>

namespace sfsup {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> file_names_for(std::string_view name) {
  return {fmt::format("lib{}.so", name), fmt::format("{}.so", name)};
}

// <prefix>/bin/sfsup -> <prefix>/lib/service_framework/services.
fs::path installed_services_dir() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return fs::weakly_canonical(self.parent_path() / ".." / "lib" / "service_framework" / "services", ec);
}

}  // namespace

bool is_plugin_name(std::string_view ref) {
  const bool has_slash = ref.find('/') != std::string_view::npos;
  const bool ends_in_so = ref.size() > 3 && ref.substr(ref.size() - 3) == ".so";
  return !ref.empty() && !has_slash && !ends_in_so;
}

std::vector<PluginDir> plugin_search_dirs(const std::vector<fs::path>& service_path) {
  std::vector<PluginDir> dirs;
  for (const auto& dir : service_path) dirs.push_back({dir, "service_path"});
  if (const char* env = std::getenv("SF_SERVICE_PATH"); env != nullptr) {
    std::string_view rest = env;
    while (!rest.empty()) {
      const auto colon = rest.find(':');
      const auto entry = rest.substr(0, colon);
      // An empty entry means "the current folder", as in PATH.
      dirs.push_back({fs::absolute(entry.empty() ? fs::path(".") : fs::path(entry)), "SF_SERVICE_PATH"});
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  if (auto installed = installed_services_dir(); !installed.empty()) dirs.push_back({installed, "installed"});
  return dirs;
}

std::optional<FoundPlugin> find_plugin(std::string_view ref, const fs::path& base_dir,
                                       const std::vector<PluginDir>& dirs) {
  if (!is_plugin_name(ref)) return FoundPlugin{fs::weakly_canonical(base_dir / ref), "path"};
  for (const auto& dir : dirs) {
    for (const auto& file : file_names_for(ref)) {
      std::error_code ec;
      const fs::path candidate = dir.dir / file;
      if (fs::is_regular_file(candidate, ec)) return FoundPlugin{fs::weakly_canonical(candidate), dir.origin};
    }
  }
  return std::nullopt;
}

std::string describe_search(std::string_view name, const std::vector<PluginDir>& dirs) {
  std::string where;
  for (const auto& dir : dirs) {
    if (!where.empty()) where += ", ";
    where += fmt::format("{} ({})", dir.dir.string(), dir.origin);
  }
  if (where.empty()) where = "no folder (no service_path:, SF_SERVICE_PATH unset)";
  return fmt::format("looked for lib{}.so and {}.so in {}", name, name, where);
}

}  // namespace sfsup
