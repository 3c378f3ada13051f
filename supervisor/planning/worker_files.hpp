#pragma once
// What one worker is given: its addresses file (the seed's shape), its config
// file (flat JSON), and the service_framework command line that reads them.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "control/private_dir.hpp"
#include "planning/endpoint_plan.hpp"
#include "run_plan.hpp"

namespace sfsup {

// {"connections": {"in": {name: {socket: endpoint}}, "out": {...}},
//  "states": {"in": {...}, "out": {...}}}: every endpoint of the plugin, with
// `{}` for those without sockets (external targets).
nlohmann::json addresses_document(const ServiceDecl& service, const ServiceDescription& description,
                                  const EndpointPlan& plan);

// "in.ticks.subscriber" (connections) / "states.in.book.subscriber" -> endpoint,
// for `sfsup status`.
std::map<std::string, std::string> endpoint_labels(const ServiceDecl& service,
                                                   const ServiceDescription& description,
                                                   const EndpointPlan& plan);

// `<worker> -s <plugin> -a <addresses> -c <config> [-m] [-cl <level>] --ready-fd 3 [--key value...]`
std::vector<std::string> worker_argv(const std::filesystem::path& worker_binary,
                                     const ServiceDecl& service,
                                     const std::filesystem::path& addresses_file,
                                     const std::filesystem::path& config_file);

// Writes `value` (pretty, trailing newline) as `name` in `dir` unless the
// file there already holds exactly that (PrivateDir::write_if_changed): a
// second `up` leaves unchanged files alone; a changed one goes to a fresh
// 0600 file renamed over `name`, so a file or symlink planted there is
// replaced, never written through. Throws RunDirRefused naming the path.
void write_json_file(const PrivateDir& dir, std::string_view name, const nlohmann::json& value);

}  // namespace sfsup
