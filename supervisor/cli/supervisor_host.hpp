#pragma once
// Runs a plan in this process until it is shut down: event loop, signals,
// supervisor, control socket. Shared by foreground `up` and the `up -d` daemon.
#include "cli/reporter.hpp"
#include "control/run_dir.hpp"
#include "run_plan.hpp"
#include "supervision/supervisor.hpp"

namespace sfsup::cli {

// Returns the process exit code (Supervisor::exit_code(): 0 after a clean
// run, else as docs/supervisor.md's table says). The caller holds the run
// directory's InstanceLock.
int host_supervisor(RunPlan plan, const RunDir& dir, Reporter& reporter,
                    const ExitPolicy& policy = {});

}  // namespace sfsup::cli
