#pragma once
// Loading a service plugin (.so) and checking it was built for this libsf.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sf/definition.hpp>
#include <sf/plugin.hpp>

namespace sf::detail {

// Throws sf::Error with one line: missing file, not loadable, no entry point,
// ABI mismatch, or the plugin's own definition failing. The library stays
// loaded for the life of the process (its functions live in the Definition).
Definition load_plugin(const std::string& path);

// What makes a plugin's entry unusable by this libsf, in one sentence with the
// fix; nullopt when it can be used.
std::optional<std::string> plugin_incompatibility(std::uint32_t abi_version, StdLib stdlib,
                                                  std::uint32_t definition_size);
std::string_view stdlib_name(StdLib lib);

// "libecho.so" -> "echo": the default service name.
std::string service_name_from_path(const std::string& path);

}  // namespace sf::detail
