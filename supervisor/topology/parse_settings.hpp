#pragma once
// The per-service run settings (restart policy, timeouts, env, log level,
// transport), which may appear both under `defaults:` and under a service.
#include <string>
#include <vector>

#include "topology/topology.hpp"
#include "topology/yaml_reader.hpp"

namespace sfsup {

// Keys read_setting() understands.
const std::vector<std::string>& setting_keys();

// Applies one `key: value` over `settings`; reports a bad value at its mark.
// `owner` names the mapping in messages ("defaults", "service 'broker'").
void read_setting(const MapEntry& entry, const std::string& owner, ServiceSettings& settings,
                  Diagnostics& diagnostics);

}  // namespace sfsup
