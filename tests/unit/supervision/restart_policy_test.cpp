// The restart arithmetic: which exits restart, the backoff sequence, and the
// intensity limit that turns a crash loop into `fatal`.
#include <doctest/doctest.h>

#include "supervision/restart_tracker.hpp"

using namespace sfsup;
using namespace std::chrono_literals;

TEST_CASE("restart modes decide on clean and failed exits") {
  CHECK(wants_restart(RestartMode::always, false));
  CHECK(wants_restart(RestartMode::always, true));
  CHECK_FALSE(wants_restart(RestartMode::on_failure, false));
  CHECK(wants_restart(RestartMode::on_failure, true));
  CHECK_FALSE(wants_restart(RestartMode::never, true));
  CHECK_FALSE(wants_restart(RestartMode::never, false));
}

TEST_CASE("backoff: first restart immediate - then the step doubling up to the cap") {
  RestartPolicy p;  // defaults: 0, 250ms step, 10s cap
  CHECK(backoff_delay(p, 0) == 0ms);
  CHECK(backoff_delay(p, 1) == 250ms);
  CHECK(backoff_delay(p, 2) == 500ms);
  CHECK(backoff_delay(p, 3) == 1000ms);
  CHECK(backoff_delay(p, 4) == 2000ms);
  CHECK(backoff_delay(p, 6) == 8000ms);
  CHECK(backoff_delay(p, 7) == 10'000ms);
  CHECK(backoff_delay(p, 1000) == 10'000ms);  // no overflow after a long crash loop
}

TEST_CASE("backoff honours a non-zero initial delay and a cap below the step") {
  RestartPolicy p;
  p.backoff_initial = 100ms;
  CHECK(backoff_delay(p, 0) == 100ms);
  p.backoff_step = 5s;
  p.backoff_max = 2s;
  CHECK(backoff_delay(p, 1) == 2s);
  CHECK(backoff_delay(p, 0) == 100ms);
}

TEST_CASE("tracker: crash loop restarts with growing delays - then goes fatal") {
  RestartPolicy p;
  p.intensity_max_restarts = 3;
  p.intensity_period = 10s;
  RestartTracker t;
  const auto t0 = Clock::time_point{} + 1h;

  auto d1 = t.on_exit(p, true, t0);
  CHECK(d1.verdict == RestartDecision::Verdict::restart);
  CHECK(d1.delay == 0ms);
  auto d2 = t.on_exit(p, true, t0 + 1s);
  CHECK(d2.verdict == RestartDecision::Verdict::restart);
  CHECK(d2.delay == 250ms);
  auto d3 = t.on_exit(p, true, t0 + 2s);
  CHECK(d3.verdict == RestartDecision::Verdict::restart);
  CHECK(d3.delay == 500ms);
  CHECK(d3.recent_restarts == 3);
  auto d4 = t.on_exit(p, true, t0 + 3s);
  CHECK(d4.verdict == RestartDecision::Verdict::fatal);
  CHECK(t.total_restarts() == 3);
}

TEST_CASE("tracker: restarts older than the period are forgotten") {
  RestartPolicy p;
  p.intensity_max_restarts = 2;
  p.intensity_period = 10s;
  RestartTracker t;
  const auto t0 = Clock::time_point{} + 1h;
  CHECK(t.on_exit(p, true, t0).verdict == RestartDecision::Verdict::restart);
  CHECK(t.on_exit(p, true, t0 + 5s).verdict == RestartDecision::Verdict::restart);
  // t0 has left the window at t0+10s: one recent restart, so the second delay.
  auto d = t.on_exit(p, true, t0 + 10s);
  CHECK(d.verdict == RestartDecision::Verdict::restart);
  CHECK(d.delay == 250ms);
  // A long quiet period: back to an immediate restart.
  auto quiet = t.on_exit(p, true, t0 + 1h);
  CHECK(quiet.verdict == RestartDecision::Verdict::restart);
  CHECK(quiet.delay == 0ms);
  CHECK(t.total_restarts() == 4);
}

TEST_CASE("tracker: clean exits under on-failure and anything under never are left exited") {
  RestartTracker t;
  RestartPolicy on_failure;
  CHECK(t.on_exit(on_failure, false, Clock::now()).verdict == RestartDecision::Verdict::exited);
  RestartPolicy never;
  never.mode = RestartMode::never;
  CHECK(t.on_exit(never, true, Clock::now()).verdict == RestartDecision::Verdict::exited);
  CHECK(t.total_restarts() == 0);
}

TEST_CASE("tracker: forgive() gives a manually started service a fresh window") {
  RestartPolicy p;
  p.intensity_max_restarts = 1;
  RestartTracker t;
  const auto t0 = Clock::time_point{} + 1h;
  CHECK(t.on_exit(p, true, t0).verdict == RestartDecision::Verdict::restart);
  CHECK(t.on_exit(p, true, t0 + 1s).verdict == RestartDecision::Verdict::fatal);
  t.forgive();
  CHECK(t.on_exit(p, true, t0 + 2s).verdict == RestartDecision::Verdict::restart);
  CHECK(t.total_restarts() == 2);  // the count shown in status keeps growing
}

TEST_CASE("intensity 0 means never restart automatically: the first failure is fatal") {
  RestartPolicy p;
  p.intensity_max_restarts = 0;
  RestartTracker t;
  CHECK(t.on_exit(p, true, Clock::now()).verdict == RestartDecision::Verdict::fatal);
}
