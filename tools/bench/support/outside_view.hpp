#pragma once
// What a supervisor's workers look like from outside, the same way for every
// supervisor compared: an ipc socket that accepts a connection is a ready
// worker; memory and descriptors come from /proc.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace sfbench {

// True when a unix socket at `path` accepts a connection right now.
bool accepts(const std::filesystem::path& path);

// Polls until every socket accepts; the seconds that took from `since`, or a
// negative number at the deadline.
double wait_all_accept(const std::vector<std::filesystem::path>& sockets,
                       std::chrono::steady_clock::time_point since, std::chrono::seconds limit);

// Kills `victim` (a child of `supervisor`) with SIGKILL, waits for its
// replacement (a new child of `supervisor` running the same command line),
// then until `path` accepts a connection; seconds from the kill, negative on
// timeout. The replacement's pid is the proof the old listener is gone: a
// supervisor starts it only after reaping the old worker, and the kernel
// closes a process's sockets before its parent can reap it. Waiting on the
// socket alone is not: the old listener can still accept for a moment after
// the victim's main thread shows as a zombie.
double kill_and_wait_rebound(pid_t supervisor, pid_t victim, const std::filesystem::path& path,
                             std::chrono::seconds limit);

// Polls until none of `pids` exists any more; seconds from `since`, negative on timeout.
double wait_all_gone(const std::vector<pid_t>& pids, std::chrono::steady_clock::time_point since,
                     std::chrono::seconds limit);

long rss_kib(pid_t pid);       // VmRSS from /proc/<pid>/status; 0 when gone
long open_fds(pid_t pid);      // entries of /proc/<pid>/fd
std::vector<pid_t> children_of(pid_t pid);  // /proc/<pid>/task/*/children

// Runs a shell command line and returns its stdout (the exit status is not checked).
std::string command_output(const std::string& command);

}  // namespace sfbench
