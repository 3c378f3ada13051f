// Errors counted by kind, each made to happen for real in market.yaml and read
// through the control socket's status, as the other metrics tests read theirs:
// a handler that throws (the misbehaver fixture, asked to), and requests that
// get no reply in time (the replyer frozen with SIGSTOP).
#include <signal.h>

#include <regex>

#include <doctest/doctest.h>

#include "metrics_fixture.hpp"

using namespace metrics_fixture;

namespace {

const char* const kMisbehaver = R"(
  misbehaver:
    service: misbehaver
)";

std::uint64_t error_count(const json& endpoint, const char* kind) {
  return endpoint["errors"][kind].get<std::uint64_t>();
}

// Lets a stopped process run again on scope exit, so `down` can stop it.
struct ResumeOnExit {
  pid_t pid;
  ~ResumeOnExit() { ::kill(pid, SIGCONT); }
};

}  // namespace

TEST_CASE("metrics: a handler that throws is counted as handler_error and the replyer keeps serving") {
  Market market({}, [](std::string yaml) { return yaml + kMisbehaver; });
  REQUIRE_MESSAGE(market.up().ok(), market.up().output);
  const json before = market.status_after(std::nullopt);
  const json misbehave_before = endpoint_in(service_in(before, "misbehaver"), "misbehave");
  CHECK(error_count(misbehave_before, "handler_error") == 0);

  auto thrown = market.sfsup({"call", "misbehaver.misbehave", R"({"action": "throw"})"});
  CHECK_FALSE(thrown.ok());
  CHECK_MESSAGE(thrown.output.find("thrown on purpose") != std::string::npos, thrown.output);
  auto behaved = market.sfsup({"call", "misbehaver.misbehave", R"({"action": "behave"})"});
  CHECK_MESSAGE(behaved.ok(), behaved.output);

  // A round that started after both calls had their replies.
  const json now = market.status_after(market.status_after(std::nullopt)["metrics_round"].get<std::uint64_t>());
  const json misbehaver = service_in(now, "misbehaver");
  const json misbehave = endpoint_in(misbehaver, "misbehave");
  CHECK(error_count(misbehave, "handler_error") == 1);
  CHECK(error_count(misbehave, "invalid_args") == 0);
  CHECK(error_count(misbehave, "malformed") == 0);
  CHECK(misbehave["messages_in"].get<std::uint64_t>() == misbehave_before["messages_in"].get<std::uint64_t>() + 2);
  CHECK(misbehaver["state"] == "ready");
  CHECK(misbehaver["pid"] == service_in(before, "misbehaver")["pid"]);
}

TEST_CASE("metrics: requests that get no reply in time are counted as timeout and the requester keeps running") {
  // An order on every tick, each waiting 200 ms for its reply (3 attempts).
  Market market({}, [](std::string yaml) {
    const std::string edited = std::regex_replace(yaml, std::regex("order_every: 25"), "order_every: 1, timeout_ms: 200");
    REQUIRE(edited != yaml);
    return edited;
  });
  REQUIRE_MESSAGE(market.up().ok(), market.up().output);
  json status = market.status_after(std::nullopt);
  const json strategy_before = service_in(status, "strategy");
  CHECK(error_count(endpoint_in(strategy_before, "orders"), "timeout") == 0);

  const pid_t execution = service_in(status, "execution")["pid"].get<pid_t>();
  REQUIRE(::kill(execution, SIGSTOP) == 0);
  ResumeOnExit resume{execution};

  // Round by round (each a real event) until an order has timed out; the bound
  // only ends a broken test.
  json strategy;
  for (int round = 0; round < 30; ++round) {
    status = market.status_after(status["metrics_round"].get<std::uint64_t>());
    strategy = service_in(status, "strategy");
    if (error_count(endpoint_in(strategy, "orders"), "timeout") > 0) break;
  }
  INFO(strategy.dump());
  CHECK(error_count(endpoint_in(strategy, "orders"), "timeout") >= 1);
  // The tick handler that sent the order failed with the timeout: logged and
  // counted, and the worker is the same one, still running.
  CHECK(error_count(endpoint_in(strategy, "ticks"), "handler_error") >= 1);
  CHECK(strategy["state"] == "ready");
  CHECK(strategy["pid"] == strategy_before["pid"]);
}
