#include "planning/topology_analysis.hpp"

#include <fmt/format.h>

#include "planning/config_check.hpp"
#include "planning/curve_security.hpp"
#include "planning/endpoint_plan.hpp"
#include "planning/wildcard_addresses.hpp"
#include "topology/parse_topology.hpp"

namespace sfsup {

namespace {

// Each plugin is described once, however many services run it.
DescribedServices describe_services(const Topology& topology, const DescribeFn& describe,
                                    Diagnostics& diagnostics) {
  DescribedServices described;
  std::map<std::filesystem::path, std::optional<ServiceDescription>> by_plugin;
  for (const auto& service : topology.services) {
    if (service.plugin.empty()) continue;  // `service:` missing: already reported
    auto cached = by_plugin.find(service.plugin);
    if (cached == by_plugin.end()) {
      std::optional<ServiceDescription> description;
      std::error_code ec;
      if (std::filesystem::is_directory(service.plugin, ec)) {
        diagnostics.add(service.plugin_mark,
                        fmt::format("plugin path {} is a directory; name the plugin file inside "
                                    "it, e.g. {}",
                                    service.plugin.string(),
                                    (service.plugin / ("lib" + service.name + ".so")).string()));
      } else if (!std::filesystem::is_regular_file(service.plugin, ec)) {
        diagnostics.add(service.plugin_mark,
                        fmt::format("plugin file {} not found; build it (cmake --build build) or "
                                    "fix the path, which is relative to the topology file",
                                    service.plugin.string()));
      } else {
        try {
          description = read_service_description(describe(service.plugin));
        } catch (const std::exception& e) {
          diagnostics.add(service.plugin_mark,
                          fmt::format("plugin {} cannot be described: {}; check it is a "
                                      "service_framework plugin built for this worker",
                                      service.plugin.filename().string(), e.what()));
        }
      }
      cached = by_plugin.emplace(service.plugin, std::move(description)).first;
    }
    if (cached->second) described.emplace(service.name, *cached->second);
  }
  return described;
}

}  // namespace

TopologyAnalysis analyze_topology(const std::filesystem::path& topology_file,
                                  const DescribeFn& describe, Diagnostics& diagnostics) {
  TopologyAnalysis analysis;
  analysis.topology = parse_topology(topology_file, diagnostics);
  analysis.described = describe_services(analysis.topology, describe, diagnostics);
  for (const auto& service : analysis.topology.services) {
    auto d = analysis.described.find(service.name);
    if (d != analysis.described.end()) check_config(service, d->second, diagnostics);
  }
  check_explicit_addresses(analysis.topology, analysis.described, diagnostics);
  analysis.wiring = resolve_wiring(analysis.topology, analysis.described, diagnostics);
  check_wildcard_addresses(analysis.topology, analysis.described, analysis.wiring, diagnostics);
  check_curve_security(analysis.topology, analysis.described, diagnostics);
  analysis.start_order =
      plan_start_order(analysis.topology, analysis.described, analysis.wiring, diagnostics);
  return analysis;
}

}  // namespace sfsup
