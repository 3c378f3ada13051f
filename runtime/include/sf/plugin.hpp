#pragma once
// The one entry point a service plugin exports:
//
//   #include <sf/service.hpp>
//   SF_SERVICE() {
//     sf::Definition d;
//     ...
//     return d;
//   }
//
// Before calling anything else the loader checks what must match between the
// plugin and this libsf for the Definition to cross the boundary intact:
// libsf's plugin ABI version, the C++ standard library (std::string,
// std::function and nlohmann::json are laid out by it) and sizeof(Definition).
// The compiler does not matter: g++ and clang++ with libstdc++ agree.
#include <cstdint>

#include <sf/definition.hpp>

namespace sf {

// Bumped whenever Definition, PluginEntry or anything they hold changes layout.
inline constexpr std::uint32_t kAbiVersion = 3;

// Which standard library a translation unit was compiled against.
enum class StdLib : std::uint32_t {
  unknown = 0,
  libstdcxx = 1,          // GNU libstdc++, C++11 std::string (g++ and clang++'s default here)
  libstdcxx_old_abi = 2,  // libstdc++ with _GLIBCXX_USE_CXX11_ABI=0
  libcxx = 3,             // LLVM libc++ (clang++ -stdlib=libc++)
};

constexpr StdLib compiled_stdlib() {
#if defined(_LIBCPP_VERSION)
  return StdLib::libcxx;
#elif defined(__GLIBCXX__) && defined(_GLIBCXX_USE_CXX11_ABI) && _GLIBCXX_USE_CXX11_ABI == 0
  return StdLib::libstdcxx_old_abi;
#elif defined(__GLIBCXX__)
  return StdLib::libstdcxx;
#else
  return StdLib::unknown;
#endif
}

// libsf's version ("0.2.0"), as installed; the worker's and sfsup's --version print it.
const char* library_version();

struct PluginEntry {
  std::uint32_t abi_version;      // kAbiVersion of the libsf headers the plugin was built with
  StdLib stdlib;                  // compiled_stdlib() in the plugin
  std::uint32_t definition_size;  // sizeof(Definition) as the plugin saw it
  Definition (*define)();
};

}  // namespace sf

#define SF_PLUGIN_ENTRY_SYMBOL "sf_plugin_entry_v1"

#define SF_SERVICE()                                                                     \
  static ::sf::Definition sf_define_service();                                           \
  extern "C" __attribute__((visibility("default"))) const ::sf::PluginEntry*             \
  sf_plugin_entry_v1() {                                                                 \
    static const ::sf::PluginEntry entry{::sf::kAbiVersion, ::sf::compiled_stdlib(),     \
                                         sizeof(::sf::Definition), &sf_define_service};  \
    return &entry;                                                                       \
  }                                                                                      \
  static ::sf::Definition sf_define_service()
