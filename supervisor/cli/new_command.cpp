// `sfsup new service NAME [--kind K] [--dir DIR]`: a standalone service folder
// that builds against the installed package (scaffold/).
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "scaffold/new_service.hpp"

namespace sfsup::cli {

int run_new(const Options& options) {
  if (options.args.at(0) != "service") {
    fmt::print(stderr, "sfsup: `sfsup new` makes a service: sfsup new service NAME [--kind {}]\n",
               scaffold::kind_names());
    return kExitUsage;
  }
  const std::string& name = options.args.at(1);
  scaffold::ServiceKind kind{};
  if (!scaffold::parse_kind(options.kind, kind)) {
    fmt::print(stderr, "sfsup: unknown --kind '{}'; use one of: {}\n", options.kind, scaffold::kind_names());
    return kExitUsage;
  }
  const std::filesystem::path folder = options.dir ? std::filesystem::path(*options.dir) : std::filesystem::path(name);
  const auto files = scaffold::write_new_service(folder, name, kind);
  fmt::print("created {} ({}) in {}/:\n", name, options.kind, folder.string());
  for (const auto& f : files) fmt::print("  {}\n", f);
  fmt::print("next:\n  cd {}\n  cmake -S . -B build && cmake --build build -j2\n"
             "  ctest --test-dir build\n  sfsup check topology.yaml\n  sfsup up -d topology.yaml\n",
             folder.string());
  return 0;
}

}  // namespace sfsup::cli
