#pragma once
// `up -d`: fork a daemon (own session, output to <run_dir>/sfsup.log) that
// runs the topology; the command itself relays the daemon's start-up progress
// through a pipe and exits 0 once every service is ready, 1 otherwise.
#include "control/run_dir.hpp"
#include "planning/port_reservations.hpp"
#include "run_plan.hpp"

namespace sfsup::cli {

// `lock` is inherited by the daemon and held there for its lifetime.
// `ports` (the plan's reserved TCP ports) go with it.
int run_detached(RunPlan plan, const RunDir& dir, InstanceLock& lock, PortReservations& ports);

}  // namespace sfsup::cli
