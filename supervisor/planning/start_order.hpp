#pragma once
// In what order the workers start. A connecting service starts after the
// service it connects to is ready (its sockets bound), so requests are not
// sent into the void and subscribers see the first messages. Main-mode
// (leading-edge) services drive traffic, so they start last, once everything
// they talk to -- including their own subscribers -- is ready.
#include <map>
#include <string>
#include <vector>

#include "planning/wiring.hpp"

namespace sfsup {

struct StartOrder {
  std::vector<std::string> services;                          // dependencies first
  std::map<std::string, std::vector<std::string>> depends_on;  // ready before this one starts
};

// Reports dependency cycles among the non-main services at a link of the cycle.
StartOrder plan_start_order(const Topology& topology, const DescribedServices& described,
                            const Wiring& wiring, Diagnostics& diagnostics);

}  // namespace sfsup
