#include "cli/run_dir_choice.hpp"

namespace sfsup::cli {

RunDir run_dir_for(const Options& options) {
  if (!options.run_dir && options.project_dir)
    return resolve_run_dir(std::filesystem::path(*options.project_dir) / ".sfsup");
  std::vector<std::filesystem::path> also_from;
  // A topology named on the command line: its folder (and parents) too, so
  // `sfsup status -f ../x/topology.yaml` finds the run directory beside it.
  if (options.file) also_from.push_back(std::filesystem::path(*options.file).parent_path());
  if (options.command == "up" || options.command == "check")
    if (!options.args.empty() && looks_like_topology_file(options.args.front()))
      also_from.push_back(std::filesystem::path(options.args.front()).parent_path());
  for (auto& p : also_from)
    if (p.empty()) p = ".";
  return resolve_run_dir(options.run_dir, also_from);
}

bool looks_like_topology_file(const std::string& arg) {
  return arg.ends_with(".yaml") || arg.ends_with(".yml") || arg.find('/') != std::string::npos;
}

}  // namespace sfsup::cli
