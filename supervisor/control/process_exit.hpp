#pragma once
// Ending a process that is not our child (the supervisor, seen from a CLI
// command) and waiting for it on its pidfd: a real event, not polling.
#include <sys/types.h>

namespace sfsup {

// Sends SIGTERM to `pid` and blocks until it has exited. False (errno set)
// when it cannot be signalled; true also when it was already gone.
bool terminate_and_wait(pid_t pid);

}  // namespace sfsup
