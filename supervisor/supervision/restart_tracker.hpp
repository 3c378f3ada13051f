#pragma once
// What happens after a worker exits on its own: restart (and after how long),
// leave it exited, or give up (fatal). Pure arithmetic over a RestartPolicy
// and the times of recent restarts, so it is unit-tested without processes.
//
// One window serves both limits: restarts within the last intensity_period
// count towards the intensity limit (more than intensity_max_restarts ->
// fatal, as OTP's MaxR/MaxT) and set the backoff level (k recent restarts ->
// the k-th delay). A service that stayed up for a whole period starts over
// with an immediate restart.
#include <chrono>
#include <deque>

#include "run_plan.hpp"

namespace sfsup {

using Clock = std::chrono::steady_clock;

// The policy's verdict on an exit, before the intensity limit is applied.
bool wants_restart(RestartMode mode, bool failed);

// The delay before restart number `recent_restarts + 1` within the window:
// backoff_initial for the first, then backoff_step doubling, capped at
// backoff_max.
std::chrono::milliseconds backoff_delay(const RestartPolicy& policy, int recent_restarts);

struct RestartDecision {
  enum class Verdict { restart, exited, fatal };
  Verdict verdict = Verdict::exited;
  std::chrono::milliseconds delay{0};  // for restart
  int recent_restarts = 0;             // within the window, including this one
};

class RestartTracker {
 public:
  RestartDecision on_exit(const RestartPolicy& policy, bool failed, Clock::time_point now);
  // A manual start forgives the past: a fresh window, immediate restarts.
  void forgive() { recent_.clear(); }
  int total_restarts() const { return total_; }

 private:
  std::deque<Clock::time_point> recent_;
  int total_ = 0;
};

const char* to_string(RestartMode mode);  // "always", "on-failure", "never"

}  // namespace sfsup
