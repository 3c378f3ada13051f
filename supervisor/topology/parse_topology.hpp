#pragma once
// Topology file -> Topology: the YAML schema of docs/topology.md. Needs no
// plugin; the checks that need the services' models come after (planning/).
#include <filesystem>

#include "topology/diagnostic.hpp"
#include "topology/topology.hpp"

namespace sfsup {

// Reads everything it can, reporting each problem into `diagnostics`; the
// result holds what was valid. Plugin paths are resolved against the
// topology file's folder; config_file contents are merged into `config`.
Topology parse_topology(const std::filesystem::path& file, Diagnostics& diagnostics);

}  // namespace sfsup
