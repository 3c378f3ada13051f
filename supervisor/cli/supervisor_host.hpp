#pragma once
// Runs a plan in this process until it is shut down: event loop, signals,
// supervisor, control socket. Shared by foreground `up` and the `up -d` daemon.
#include "cli/reporter.hpp"
#include "control/run_dir.hpp"
#include "planning/port_reservations.hpp"
#include "run_plan.hpp"
#include "supervision/supervisor.hpp"

namespace sfsup::cli {

// Returns the process exit code (Supervisor::exit_code(): 0 after a clean
// run, else as docs/supervisor.md's table says). The caller holds the run
// directory's InstanceLock.
// `ports` holds the plan's TCP ports (taken right after planning, so no other
// `up` can take them meanwhile); kept in step with the plan as `up` changes it.
// `companion` (up --watch's watcher process, or -1) gets SIGTERM once every
// worker has stopped.
int host_supervisor(RunPlan plan, const RunDir& dir, Reporter& reporter, PortReservations& ports,
                    const ExitPolicy& policy = {}, pid_t companion = -1);

}  // namespace sfsup::cli
