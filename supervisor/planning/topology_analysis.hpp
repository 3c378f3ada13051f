#pragma once
// Everything sfsup learns about a topology before it writes or starts
// anything: the parsed file, the plugins' descriptions, the wiring and the
// start order, with every problem found on the way. check_topology() returns
// its diagnostics; plan_topology() builds on the rest.
#include <filesystem>

#include "planning/plan_topology.hpp"
#include "planning/start_order.hpp"
#include "planning/wiring.hpp"

namespace sfsup {

struct TopologyAnalysis {
  Topology topology;
  DescribedServices described;
  Wiring wiring;
  StartOrder start_order;
};

TopologyAnalysis analyze_topology(const std::filesystem::path& topology_file,
                                  const DescribeFn& describe, Diagnostics& diagnostics);

}  // namespace sfsup
