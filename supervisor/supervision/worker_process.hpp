#pragma once
// Starting one worker process: clone + exec with the guarantees a supervisor
// owes its children and its users.
//
//  * Its own process group, so a terminal's Ctrl-C reaches sfsup only and the
//    worker gets the signal once, forwarded, in shutdown order.
//  * PR_SET_PDEATHSIG(SIGKILL) plus a getppid() re-check, so a worker never
//    outlives sfsup, even when sfsup is SIGKILLed.
//  * stdin /dev/null, stdout+stderr into one pipe (ordering kept), the write
//    end of a readiness pipe as fd 3, one end of a SOCK_SEQPACKET pair as
//    fd 4 (the stats socket: sfsup asks, the worker answers its counters),
//    nothing else inherited.
//  * Signal mask and dispositions reset (sfsup blocks and ignores some).
#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "supervision/unique_fd.hpp"

namespace sfsup {

struct SpawnRequest {
  std::vector<std::string> argv;            // argv[0] is looked up in PATH
  std::map<std::string, std::string> env;   // added to (or replacing in) sfsup's
  std::filesystem::path cwd;                // empty: sfsup's own
};

struct SpawnedWorker {
  pid_t pid = -1;
  UniqueFd ready;   // read end; readable once the worker wrote to its fd 3
  UniqueFd output;  // read end of the worker's stdout+stderr
  UniqueFd stats;   // sfsup's end of the stats socket (non-blocking)
};

inline constexpr int kReadyFd = 3;
inline constexpr int kStatsFd = 4;  // the worker finds it in SF_STATS_FD

// Throws std::system_error when the pipes or fork fail. An exec failure is
// not detected here: the child writes "cannot run ..." to its output and
// exits 127, which the supervisor treats like any failed start.
SpawnedWorker spawn_worker(const SpawnRequest& request);

// Kills whatever is left in a worker's process group (helpers it forked);
// the worker itself is the group leader, so its pid names the group.
void kill_process_group(pid_t leader, int sig);

}  // namespace sfsup
