#pragma once
// Ending a process that is not our child (the supervisor, seen from a CLI
// command) and waiting for it on its pidfd: a real event, not polling.
#include <sys/types.h>

#include "supervision/unique_fd.hpp"

namespace sfsup {

// A pidfd on `pid`, taken before asking it to stop: it pins that exact
// process, so a recycled pid is never waited for. Empty when it is gone.
UniqueFd exit_watch(pid_t pid);

// Blocks until the process behind `watch` has exited (at once when empty).
void wait_for_exit(const UniqueFd& watch);

// Sends SIGTERM to `pid` and blocks until it has exited. False (errno set)
// when it cannot be signalled; true also when it was already gone.
bool terminate_and_wait(pid_t pid);

}  // namespace sfsup
