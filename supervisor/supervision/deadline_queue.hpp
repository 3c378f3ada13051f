#pragma once
// Timers for the event loop: backoff delays, stop timeouts, ready timeouts.
// The loop never sleeps; it polls with the time left to the next deadline.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

namespace sfsup {

class DeadlineQueue {
 public:
  using Clock = std::chrono::steady_clock;
  using Id = std::uint64_t;  // 0 is never issued: "no timer"

  Id add(Clock::time_point when, std::function<void()> callback);
  // Cancelling a timer that already ran (or id 0) is a no-op.
  void cancel(Id id);
  bool empty() const { return queue_.empty(); }
  std::optional<Clock::time_point> next() const;
  // Milliseconds poll() may wait: -1 without timers, rounded up so a
  // deadline 0.3 ms away is not polled for with 0 over and over.
  int poll_timeout_ms(Clock::time_point now) const;
  // Runs every callback due at `now`, earliest first. Callbacks may add and
  // cancel timers.
  void run_due(Clock::time_point now);

 private:
  using Key = std::pair<Clock::time_point, Id>;
  std::map<Key, std::function<void()>> queue_;
  std::unordered_map<Id, Clock::time_point> when_;
  Id next_id_ = 1;
};

}  // namespace sfsup
