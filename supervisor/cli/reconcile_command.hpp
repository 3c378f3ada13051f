#pragma once
// `sfsup up` where a topology is already up: plan the topology again and
// have the running supervisor apply the difference (supervisor_reconcile.cpp).
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_options.hpp"
#include "control/control_client.hpp"
#include "run_plan.hpp"
#include "control/run_dir.hpp"

namespace sfsup::cli {

// `topology`: the one named on the command line, if any (else the running
// one's file is read again). `holder`: the running supervisor's pid.
int reconcile_running(const Options& options, const RunDir& dir, pid_t holder,
                      const std::optional<std::filesystem::path>& topology,
                      const std::vector<std::string>& services);

// Plans `topology` again (the running services keep their TCP ports) and has
// the supervisor apply the difference; prints what it did. `status` is the
// running topology's. Exit code: 0 applied (or nothing to do), 1 otherwise;
// a topology that does not plan (a plugin that does not load yet) changes nothing.
// `quiet_if_unchanged` (watching): no "nothing changed" line, and a topology
// that does not plan is one line.
int apply_topology(ControlClient& client, const RunDir& dir, const nlohmann::json& status,
                   const std::filesystem::path& topology, const std::vector<std::string>& services,
                   const std::optional<std::string>& worker_flag, bool quiet_if_unchanged);
// Has the supervisor apply an already made plan (`up --plan` on a running
// topology); prints what it did.
int send_plan(ControlClient& client, const RunPlan& plan, bool quiet_if_unchanged);

}  // namespace sfsup::cli
