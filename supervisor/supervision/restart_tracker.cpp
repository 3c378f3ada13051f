#include "supervision/restart_tracker.hpp"

#include <algorithm>

namespace sfsup {

bool wants_restart(RestartMode mode, bool failed) {
  switch (mode) {
    case RestartMode::always: return true;
    case RestartMode::on_failure: return failed;
    case RestartMode::never: return false;
  }
  return false;
}

std::chrono::milliseconds backoff_delay(const RestartPolicy& policy, int recent_restarts) {
  if (recent_restarts <= 0) return std::min(policy.backoff_initial, policy.backoff_max);
  auto delay = policy.backoff_step;
  // Doubling stops as soon as the cap is reached, so no overflow however
  // long a service has been crash-looping.
  for (int i = 1; i < recent_restarts && delay < policy.backoff_max; ++i) delay *= 2;
  return std::min(delay, policy.backoff_max);
}

RestartDecision RestartTracker::on_exit(const RestartPolicy& policy, bool failed,
                                        Clock::time_point now) {
  RestartDecision decision;
  if (!wants_restart(policy.mode, failed)) return decision;  // exited

  while (!recent_.empty() && now - recent_.front() >= policy.intensity_period)
    recent_.pop_front();
  const int recent = static_cast<int>(recent_.size());
  if (recent >= policy.intensity_max_restarts) {
    decision.verdict = RestartDecision::Verdict::fatal;
    decision.recent_restarts = recent;
    return decision;
  }
  decision.verdict = RestartDecision::Verdict::restart;
  decision.delay = backoff_delay(policy, recent);
  recent_.push_back(now);
  ++total_;
  decision.recent_restarts = recent + 1;
  return decision;
}

const char* to_string(RestartMode mode) {
  switch (mode) {
    case RestartMode::always: return "always";
    case RestartMode::on_failure: return "on-failure";
    case RestartMode::never: return "never";
  }
  return "?";
}

}  // namespace sfsup
