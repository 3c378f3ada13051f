#pragma once
// The supervisor's record of one service: its spec, its current worker (if
// any), and what the next exit of that worker means.
#include <sys/types.h>

#include <memory>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "run_plan.hpp"
#include "supervision/event_loop.hpp"
#include "supervision/exit_status.hpp"
#include "supervision/restart_tracker.hpp"
#include "supervision/service_log.hpp"
#include "supervision/service_state.hpp"
#include "supervision/unique_fd.hpp"

namespace sfsup {

struct SupervisedService {
  // What the next exit of the running worker means.
  enum class Intent {
    run,      // keep it running: an exit goes through the restart policy
    stop,     // we asked it to stop: an exit leaves it stopped
    restart,  // we asked it to stop so it can start again (sfsup restart)
  };

  WorkerSpec spec;
  std::unique_ptr<ServiceLog> log;

  ServiceState state = ServiceState::starting;
  bool waiting = true;  // "starting" but not spawned: dependencies not ready yet
  bool ever_ready = false;
  bool held_back = false;  // left out by `up <service>...`: not part of bring-up
  pid_t pid = -1;
  UniqueFd ready_fd;
  UniqueFd output_fd;
  Clock::time_point spawned_at{};
  Intent intent = Intent::run;
  bool ready_timed_out = false;
  EventLoop::TimerId timer = 0;  // at most one: ready timeout, backoff, or SIGKILL
  std::optional<ExitStatus> last_exit;
  RestartTracker restarts;
  std::string fate;  // why it is at rest, for status and failure messages
  nlohmann::json digest;  // plan_digest() of the plan it runs (or will run)

  bool running() const { return pid > 0; }
};

}  // namespace sfsup
