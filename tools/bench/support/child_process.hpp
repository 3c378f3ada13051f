#pragma once
// The other process of a two-process measurement: a re-exec of the bench in
// another role, or the real worker. The child gets the write end of a
// readiness pipe as fd 3 (the worker's --ready-fd convention) and dies with
// its parent, so an interrupted bench never leaves servers behind.
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sfbench {

using namespace std::chrono_literals;

// Where this executable lives, for re-exec'ing it in a child role.
std::string self_executable();

class ChildProcess {
 public:
  // argv[0] is the program path. Throws std::runtime_error when it cannot start.
  static ChildProcess spawn(const std::vector<std::string>& argv);
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ~ChildProcess();  // terminate() when still running

  pid_t pid() const { return pid_; }
  // True once the child wrote to fd 3; false when it exited (or closed fd 3)
  // first, or on timeout.
  bool wait_ready(std::chrono::milliseconds timeout = 20s);
  // The wait status once the child exited; nullopt on timeout (still running).
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  // SIGTERM, up to `grace` to exit, then SIGKILL. Always reaps.
  void terminate(std::chrono::milliseconds grace = 2s);

 private:
  ChildProcess() = default;
  pid_t pid_ = -1;
  int ready_fd_ = -1;  // read end of the readiness pipe
  int pid_fd_ = -1;    // pidfd_open(2): readable once the child exited
  bool reaped_ = false;
};

}  // namespace sfbench
