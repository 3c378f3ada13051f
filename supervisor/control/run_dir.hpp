#pragma once
// The run directory's layout, shared by the supervisor and every client:
//
//   <run_dir>/control.sock   control socket (mode 0600)
//   <run_dir>/sfsup.pid      the running supervisor's pid, flock()ed while it runs
//   <run_dir>/sfsup.log      a detached supervisor's own events
//   <run_dir>/logs/<svc>.log each service's output (rotated: <svc>.1.log, ...)
//   <run_dir>/workers/<svc>/ its addresses.json and config.json
//   <run_dir>/ipc/           sfsup-assigned ipc:// sockets
//
// All of it is the caller's alone: directories 0700, files 0600, opened
// without following symlinks (control/private_dir.hpp), by `up` and the
// daemon as by every command that only reads.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "supervision/unique_fd.hpp"

namespace sfsup {

struct RunDir {
  std::filesystem::path root;

  std::filesystem::path control_socket() const { return root / "control.sock"; }
  std::filesystem::path pid_file() const { return root / "sfsup.pid"; }
  std::filesystem::path supervisor_log() const { return root / "sfsup.log"; }
  std::filesystem::path logs() const { return root / "logs"; }
};

// The run directory to use: the flag, else $SFSUP_RUN_DIR, else the nearest
// run directory found walking up from the current folder (then from each of
// `also_from`), as git finds .git, else ./.sfsup; always absolute, so a
// daemon and its clients agree on it.
RunDir resolve_run_dir(const std::optional<std::string>& flag,
                       const std::vector<std::filesystem::path>& also_from = {});
// `.sfsup` in `start` or its nearest parent that has one with an sfsup.pid.
// One that is a symlink, another user's, or writable by others is refused
// (RunDirRefused, naming --run-dir), never used.
std::optional<RunDir> find_run_dir_upwards(const std::filesystem::path& start);

// Exactly one supervisor per run directory: an flock on sfsup.pid, held for
// the supervisor's lifetime (inherited by a detached daemon) and released by
// the kernel however it dies, so a stale file never blocks the next `up`.
class InstanceLock {
 public:
  // Creates the run directory (0700) or checks it is the caller's alone
  // (throws RunDirRefused otherwise). nullopt when another supervisor holds
  // it; `holder` then gets its pid if known.
  static std::optional<InstanceLock> acquire(const RunDir& dir, pid_t* holder = nullptr);
  void write_pid(pid_t pid);  // the daemon writes its own pid after forking
  int fd() const { return fd_.get(); }

 private:
  explicit InstanceLock(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

// The pid recorded in sfsup.pid, if its lock is held (a supervisor is running).
std::optional<pid_t> running_supervisor(const RunDir& dir);

}  // namespace sfsup
