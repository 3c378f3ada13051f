#pragma once
// The topology side of sfsup: read a topology file, check it against the
// plugins' own descriptions, and turn it into a RunPlan (run_plan.hpp) with
// every worker's addresses and config files written. Nothing here starts a
// service; the supervision side runs the plan.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "run_plan.hpp"
#include "topology/diagnostic.hpp"  // Diagnostic, TopologyError

namespace sfsup {

// The JSON `service_framework --describe -s <plugin>` prints. Throws
// std::runtime_error with one line when the plugin can't be described.
using DescribeFn = std::function<nlohmann::json(const std::filesystem::path& plugin)>;

// Parses, validates and checks the wiring; never starts anything.
// Empty = OK. Diagnostics come in file order.
std::vector<Diagnostic> check_topology(const std::filesystem::path& topology_file,
                                       const DescribeFn& describe);

// check_topology(), then assigns endpoints and writes each worker's
// addresses.json and config.json into run_dir/workers/<service>/. Returns the
// workers in start order. Throws TopologyError (with every diagnostic).
// `port_is_free` decides which 127.0.0.1 ports may be handed out (default:
// not reserved by another sfsup, and nothing listens on it).
RunPlan plan_topology(const std::filesystem::path& topology_file,
                      const std::filesystem::path& run_dir,
                      const std::filesystem::path& worker_binary, const DescribeFn& describe,
                      const std::function<bool(int port)>& port_is_free = {});

// Runs `<worker_binary> --describe -s <plugin>` and parses its stdout, once per
// plugin path (cached for the life of the returned function). Failures are one
// line including the worker's stderr.
DescribeFn describe_with_worker(const std::filesystem::path& worker_binary);

}  // namespace sfsup
