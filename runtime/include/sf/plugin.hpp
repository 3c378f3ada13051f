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
// The loader checks kAbiVersion and the compiler's C++ ABI before calling
// anything else, so a plugin built against another libsf is one clear error.
#include <cstdint>

#include <sf/definition.hpp>

namespace sf {

inline constexpr std::uint32_t kAbiVersion = 1;

struct PluginEntry {
  std::uint32_t abi_version;
  std::uint32_t cxx_abi;           // __GXX_ABI_VERSION of the plugin's compiler
  std::uint32_t definition_size;   // sizeof(Definition) as the plugin saw it
  Definition (*define)();
};

}  // namespace sf

#define SF_PLUGIN_ENTRY_SYMBOL "sf_plugin_entry_v1"

#define SF_SERVICE()                                                                     \
  static ::sf::Definition sf_define_service();                                           \
  extern "C" __attribute__((visibility("default"))) const ::sf::PluginEntry*             \
  sf_plugin_entry_v1() {                                                                 \
    static const ::sf::PluginEntry entry{::sf::kAbiVersion, __GXX_ABI_VERSION,           \
                                         sizeof(::sf::Definition), &sf_define_service};  \
    return &entry;                                                                       \
  }                                                                                      \
  static ::sf::Definition sf_define_service()
