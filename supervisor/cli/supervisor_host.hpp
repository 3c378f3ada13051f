#pragma once
// Runs a plan in this process until it is shut down: event loop, signals,
// supervisor, control socket. Shared by foreground `up` and the `up -d` daemon.
#include "cli/reporter.hpp"
#include "control/run_dir.hpp"
#include "run_plan.hpp"

namespace sfsup::cli {

// Returns the process exit code (0 after a clean shutdown). The caller holds
// the run directory's InstanceLock.
int host_supervisor(RunPlan plan, const RunDir& dir, Reporter& reporter);

}  // namespace sfsup::cli
