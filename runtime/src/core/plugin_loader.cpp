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
    const std::string why = ::dlerror();
    // A plugin compiled against newer libstdc++ headers than this machine's runtime.
    const char* hint = why.find("GLIBCXX_") != std::string::npos
                           ? "; it was built with a newer C++ standard library than this machine has: "
                             "rebuild it here"
                           : "";
    throw Error(fmt::format("service plugin '{}': cannot load it: {}{}", path, why, hint));
  }
  using EntryFn = const PluginEntry* (*)();
  auto entry_fn = reinterpret_cast<EntryFn>(::dlsym(handle, SF_PLUGIN_ENTRY_SYMBOL));
  if (entry_fn == nullptr) {
    throw Error(fmt::format("service plugin '{}': exports no {}; is it a service built with SF_SERVICE()?",
                            path, SF_PLUGIN_ENTRY_SYMBOL));
  }
  const PluginEntry* entry = entry_fn();
  // The ABI version is read first: a plugin of another ABI may lay out the rest differently.
  if (auto problem = plugin_incompatibility(entry->abi_version, entry->stdlib, entry->definition_size)) {
    throw Error(fmt::format("service plugin '{}': {}", path, *problem));
  }
  try {
    return entry->define();
  } catch (const std::exception& e) {
    throw Error(fmt::format("service plugin '{}': its SF_SERVICE() definition threw: {}", path, e.what()));
  }
}

}  // namespace sf::detail

namespace sf {
const char* library_version() { return SF_VERSION; }
}  // namespace sf

namespace sf::detail {

std::string_view stdlib_name(StdLib lib) {
  switch (lib) {
    case StdLib::libstdcxx: return "GNU libstdc++";
    case StdLib::libstdcxx_old_abi: return "GNU libstdc++ with the pre-C++11 string ABI (_GLIBCXX_USE_CXX11_ABI=0)";
    case StdLib::libcxx: return "LLVM libc++ (-stdlib=libc++)";
    case StdLib::unknown: break;
  }
  return "an unknown C++ standard library";
}

std::optional<std::string> plugin_incompatibility(std::uint32_t abi_version, StdLib stdlib,
                                                  std::uint32_t definition_size) {
  if (abi_version != kAbiVersion) {
    return fmt::format("built against libsf plugin ABI {}, this worker's libsf is ABI {} (version {}); "
                       "rebuild the plugin against the installed libsf headers",
                       abi_version, kAbiVersion, library_version());
  }
  if (stdlib != compiled_stdlib()) {
    return fmt::format("built with {}, this worker uses {}; rebuild the plugin with the same standard "
                       "library (with clang++: drop -stdlib=libc++, or pass -stdlib=libstdc++)",
                       stdlib_name(stdlib), stdlib_name(compiled_stdlib()));
  }
  if (definition_size != sizeof(Definition)) {
    return fmt::format("its sf::Definition is {} bytes, this libsf's is {}: it was built against other "
                       "libsf headers with the same ABI number; rebuild it against the installed headers",
                       definition_size, sizeof(Definition));
  }
  return std::nullopt;
}

std::string service_name_from_path(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  if (stem.rfind("lib", 0) == 0 && stem.size() > 3) stem = stem.substr(3);
  return stem;
}

}  // namespace sf::detail
