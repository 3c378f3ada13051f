// A topology file, as `sfsup check` and `sfsup up` read it: YAML -> parsed
// topology -> wiring checked against the services' models -> a plan with
// every worker's files written. No worker runs: plugins are described from
// data/plugin_descriptions.json (the example services' real --describe
// output), found as empty lib<name>.so files on SF_SERVICE_PATH.
// A broken topology must come back as diagnostics of one line each; a clean
// one must plan. Any exception, crash or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"
#include "planning/plan_topology.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::map<std::string, json>& descriptions() {
  static std::map<std::string, json> by_file;
  return by_file;
}

json describe(const fs::path& plugin) {
  auto it = descriptions().find(plugin.filename().string());
  if (it == descriptions().end()) throw std::runtime_error("dlopen failed: not a plugin");
  return it->second;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::ifstream in(fs::path(SF_FUZZ_DATA_DIR) / "plugin_descriptions.json");
  const json all = json::parse(in);
  const fs::path plugins = sffuzz::scratch_dir() / "plugins";
  fs::create_directories(plugins);
  for (const auto& [file, description] : all.items()) {
    descriptions()[file] = description;
    std::ofstream(plugins / file).flush();  // found by name; never loaded
  }
  ::setenv("SF_SERVICE_PATH", plugins.c_str(), 1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fs::path file = sffuzz::write_scratch("topology.yaml", data, size);
  const fs::path run_dir = sffuzz::scratch_dir() / "run";
  try {
    const auto diagnostics = sfsup::check_topology(file, describe);
    for (const auto& d : diagnostics) sffuzz::expect_one_line("diagnostic", d.to_string());
    if (!diagnostics.empty()) return 0;
    std::error_code ec;
    fs::remove_all(run_dir, ec);
    const auto plan = sfsup::plan_topology(file, run_dir, "/nonexistent/service_framework", describe);
    (void)plan;
  } catch (const std::exception& e) {
    sffuzz::finding("topology reader threw", e.what());
  }
  return 0;
}
