// SIGINT and SIGTERM run the service's own handler on its loop (with a working
// to_send), then the worker exits 0 — in the service loop and in main mode.
#include <doctest/doctest.h>

#include "worker_fixture.hpp"

using namespace sftest;

namespace {

Process idle_counter(const TempDir& dir) {
  return start_worker(dir, {.service = "tick_counter",
                            .addresses = {{"connections",
                                           {{"in", {{"ticks", {{"subscriber", ipc_endpoint(dir, "none")}}}}}}}}});
}

}  // namespace

TEST_CASE("SIGINT runs sigint_handler - then exit 0") {
  TempDir dir;
  auto counter = idle_counter(dir);
  REQUIRE_MESSAGE(counter.wait_ready(), counter.output());
  counter.signal(SIGINT);
  auto status = counter.wait_exit();
  REQUIRE(status);
  CHECK_MESSAGE(exited_with(*status, 0), counter.output());
  CHECK_MESSAGE(counter.output().find("tick_counter: received 0 ticks, 0 gaps (SIGINT)") != std::string::npos,
                counter.output());
}

TEST_CASE("SIGTERM runs sigterm_handler - then exit 0") {
  TempDir dir;
  auto counter = idle_counter(dir);
  REQUIRE_MESSAGE(counter.wait_ready(), counter.output());
  counter.signal(SIGTERM);
  auto status = counter.wait_exit();
  REQUIRE(status);
  CHECK_MESSAGE(exited_with(*status, 0), counter.output());
  CHECK_MESSAGE(counter.output().find("tick_counter: received 0 ticks, 0 gaps (SIGTERM)") != std::string::npos,
                counter.output());
}

TEST_CASE("a service without handlers still stops cleanly on SIGINT and SIGTERM") {
  for (int sig : {SIGINT, SIGTERM}) {
    CAPTURE(sig);
    TempDir dir;
    auto echo = start_worker(
        dir, {.service = "echo",
              .addresses = {{"connections", {{"in", {{"echo", {{"replyer", ipc_endpoint(dir, "echo")}}}}}}}}});
    REQUIRE_MESSAGE(echo.wait_ready(), echo.output());
    echo.signal(sig);
    auto status = echo.wait_exit();
    REQUIRE(status);
    CHECK_MESSAGE(exited_with(*status, 0), echo.output());
  }
}

TEST_CASE("main mode: a signal ends main's sleep_for - main returns - exit 0") {
  for (int sig : {SIGINT, SIGTERM}) {
    CAPTURE(sig);
    TempDir dir;
    // Slow enough that it is still ticking when the signal lands.
    auto ticker = start_worker(
        dir, {.service = "ticker",
              .addresses = {{"connections", {{"out", {{"ticks", {{"publisher", ipc_endpoint(dir, "ticks")}}}}}}}},
              .config = sf::Json{{"count", 1000000}, {"rate_hz", 2}},
              .main_mode = true});
    REQUIRE_MESSAGE(ticker.wait_ready(), ticker.output());
    ticker.signal(sig);
    auto status = ticker.wait_exit();
    REQUIRE(status);
    CHECK_MESSAGE(exited_with(*status, 0), ticker.output());
    CHECK_MESSAGE(ticker.output().find("ticker: sent ") != std::string::npos, ticker.output());
  }
}

TEST_CASE("SIGUSR1 - SIGUSR2 and SIGHUP leave the worker serving - each runs its handler or is logged") {
  TempDir dir;
  auto counter = idle_counter(dir);
  REQUIRE_MESSAGE(counter.wait_ready(), counter.output());
  // tick_counter declares a sigusr1_handler (it reports its totals) and no other.
  counter.signal(SIGUSR1);
  REQUIRE_MESSAGE(counter.wait_for_output("tick_counter: received 0 ticks, 0 gaps (SIGUSR1)"), counter.output());
  counter.signal(SIGUSR2);
  REQUIRE_MESSAGE(counter.wait_for_output("received SIGUSR2: no sigusr2_handler, nothing else to do"),
                  counter.output());
  counter.signal(SIGHUP);
  REQUIRE_MESSAGE(counter.wait_for_output("received SIGHUP: log files reopened; no sighup_handler"),
                  counter.output());
  CHECK(counter.running());
  // Still a working service: SIGTERM still runs its handler and exits 0.
  counter.signal(SIGTERM);
  auto status = counter.wait_exit();
  REQUIRE(status);
  CHECK_MESSAGE(exited_with(*status, 0), counter.output());
  CHECK_MESSAGE(counter.output().find("(SIGTERM)") != std::string::npos, counter.output());
}
