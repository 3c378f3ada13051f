#pragma once
// Which run directory a command means: --run-dir, --project-dir, or the one
// found walking up from here (or from the topology file's folder).
#include "cli/cli_options.hpp"
#include "control/run_dir.hpp"

namespace sfsup::cli {

RunDir run_dir_for(const Options& options);
// `up`'s first argument is a topology file (not a service name) when it ends
// in .yaml/.yml or is a path.
bool looks_like_topology_file(const std::string& arg);

}  // namespace sfsup::cli
