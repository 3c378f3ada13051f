#include <doctest/doctest.h>

#include <vector>

#include "supervision/deadline_queue.hpp"
#include "supervision/duration_text.hpp"

using namespace sfsup;
using namespace std::chrono_literals;

TEST_CASE("deadline queue runs due timers in order and skips cancelled ones") {
  DeadlineQueue q;
  const auto t0 = DeadlineQueue::Clock::time_point{} + 1h;
  std::vector<int> ran;
  q.add(t0 + 30ms, [&] { ran.push_back(3); });
  auto cancelled = q.add(t0 + 20ms, [&] { ran.push_back(2); });
  q.add(t0 + 10ms, [&] { ran.push_back(1); });
  q.cancel(cancelled);
  q.cancel(cancelled);  // twice: harmless
  q.cancel(0);

  CHECK(q.poll_timeout_ms(t0) == 10);
  q.run_due(t0 + 5ms);
  CHECK(ran.empty());
  q.run_due(t0 + 30ms);
  CHECK(ran == std::vector<int>{1, 3});
  CHECK(q.empty());
  CHECK(q.poll_timeout_ms(t0) == -1);
}

TEST_CASE("poll timeout rounds up - so a near deadline is not busy-polled") {
  DeadlineQueue q;
  const auto t0 = DeadlineQueue::Clock::time_point{} + 1h;
  q.add(t0 + 300us, [] {});
  CHECK(q.poll_timeout_ms(t0) == 1);
  CHECK(q.poll_timeout_ms(t0 + 1s) == 0);
}

TEST_CASE("a timer callback may add and cancel timers") {
  DeadlineQueue q;
  const auto t0 = DeadlineQueue::Clock::time_point{} + 1h;
  int later = 0;
  DeadlineQueue::Id victim = 0;
  q.add(t0, [&] {
    q.add(t0, [&] { ++later; });  // due now: runs in the same round
    q.cancel(victim);
  });
  victim = q.add(t0 + 1ms, [&] { later += 100; });
  q.run_due(t0 + 1ms);
  CHECK(later == 1);
}

TEST_CASE("durations read naturally") {
  CHECK(format_delay(0ms) == "0ms");
  CHECK(format_delay(250ms) == "250ms");
  CHECK(format_delay(1000ms) == "1s");
  CHECK(format_delay(1500ms) == "1.5s");
  CHECK(format_delay(30s) == "30s");
  CHECK(format_delay(120s) == "2m");
  CHECK(format_delay(90s) == "1m30s");
  CHECK(format_uptime(5s) == "5s");
  CHECK(format_uptime(192s) == "3m12s");
  CHECK(format_uptime(2h + 5min) == "2h05m");
  CHECK(format_uptime(76h) == "3d04h");
  CHECK(format_uptime(-3s) == "0s");
}
