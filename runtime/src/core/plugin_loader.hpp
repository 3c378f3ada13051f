#pragma once
// Loading a service plugin (.so) and checking it was built for this libsf.
#include <string>

#include <sf/definition.hpp>

namespace sf::detail {

// Throws sf::Error with one line: missing file, not loadable, no entry point,
// ABI mismatch, or the plugin's own definition failing. The library stays
// loaded for the life of the process (its functions live in the Definition).
Definition load_plugin(const std::string& path);

// "libecho.so" -> "echo": the default service name.
std::string service_name_from_path(const std::string& path);

}  // namespace sf::detail
