#include "core/plugin_loader.hpp"

#include <dlfcn.h>

#include <filesystem>

#include <fmt/format.h>

#include <sf/error.hpp>
#include <sf/plugin.hpp>

namespace sf::detail {

Definition load_plugin(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    throw Error(fmt::format("service plugin '{}': no such file; build it or fix the path given to -s", path));
  }
  // dlopen searches the library path for names without a slash: always pass one.
  std::string absolute = fs::absolute(path, ec).string();
  void* handle = ::dlopen(absolute.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    throw Error(fmt::format("service plugin '{}': cannot load it: {}", path, ::dlerror()));
  }
  using EntryFn = const PluginEntry* (*)();
  auto entry_fn = reinterpret_cast<EntryFn>(::dlsym(handle, SF_PLUGIN_ENTRY_SYMBOL));
  if (entry_fn == nullptr) {
    throw Error(fmt::format("service plugin '{}': exports no {}; is it a service built with SF_SERVICE()?",
                            path, SF_PLUGIN_ENTRY_SYMBOL));
  }
  const PluginEntry* entry = entry_fn();
  if (entry->abi_version != kAbiVersion || entry->cxx_abi != __GXX_ABI_VERSION ||
      entry->definition_size != sizeof(Definition)) {
    throw Error(fmt::format("service plugin '{}': built against libsf ABI {} (C++ ABI {}), this worker "
                            "is ABI {} (C++ ABI {}); rebuild the plugin against this libsf",
                            path, entry->abi_version, entry->cxx_abi, kAbiVersion, __GXX_ABI_VERSION));
  }
  try {
    return entry->define();
  } catch (const std::exception& e) {
    throw Error(fmt::format("service plugin '{}': its SF_SERVICE() definition threw: {}", path, e.what()));
  }
}

std::string service_name_from_path(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  if (stem.rfind("lib", 0) == 0 && stem.size() > 3) stem = stem.substr(3);
  return stem;
}

}  // namespace sf::detail
