#pragma once
// What a service's plan amounts to, for `sfsup up` on a running topology:
// its command line, environment, endpoints, restart settings, and the
// contents of the files its command line names (plugin, config.json,
// addresses.json). Two digests differ exactly when restarting the service
// would run something different.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "run_plan.hpp"

namespace sfsup {

nlohmann::json plan_digest(const WorkerSpec& spec);

// Why `now` differs from `before`, in words: "config", "plugin file", "args",
// "env", "endpoints", "restart settings". Empty when they are the same.
std::vector<std::string> plan_differences(const nlohmann::json& before, const nlohmann::json& now);

}  // namespace sfsup
