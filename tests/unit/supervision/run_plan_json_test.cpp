// `sfsup up --plan`: RunPlans as JSON, and one-line errors for bad plan files.
#include <doctest/doctest.h>

#include <string>

#include "supervision/run_plan_json.hpp"

using namespace sfsup;

TEST_CASE("a RunPlan survives JSON - defaults fill what a plan file leaves out") {
  RunPlan plan;
  plan.name = "t";
  plan.run_dir = "/tmp/r";
  WorkerSpec w;
  w.name = "a";
  w.argv = {"sh", "-c", "exit 0"};
  w.depends_on = {"b"};
  w.restart.mode = RestartMode::always;
  w.restart.backoff_step = std::chrono::milliseconds(10);
  w.endpoints = {{"in.x.replyer", "ipc:///tmp/r/x"}};
  plan.workers = {w};
  RunPlan back = run_plan_from_json(run_plan_to_json(plan), "plan");
  REQUIRE(back.workers.size() == 1);
  CHECK(back.workers[0].argv == w.argv);
  CHECK(back.workers[0].restart.mode == RestartMode::always);
  CHECK(back.workers[0].restart.backoff_step == std::chrono::milliseconds(10));
  CHECK(back.workers[0].endpoints == w.endpoints);

  auto minimal = run_plan_from_json({{"workers", {{{"name", "x"}, {"argv", {"true"}}}}}}, "p.json");
  CHECK(minimal.workers[0].restart.mode == RestartMode::on_failure);
  CHECK(minimal.workers[0].stop_timeout == std::chrono::milliseconds(10'000));
}

TEST_CASE("plan file mistakes name the field") {
  auto message = [](const nlohmann::json& j) {
    try {
      run_plan_from_json(j, "p.json");
    } catch (const PlanFormatError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message({{"workers", nlohmann::json::array()}}) == "p.json.workers: needs a non-empty list of workers");
  CHECK(message({{"workers", {{{"name", "x"}}}}}) ==
        "p.json.workers[0].argv: needs the command to run, e.g. [\"sh\", \"-c\", \"...\"]");
  CHECK(message({{"workers", {{{"name", "x"}, {"argv", {"true"}}, {"restart", {{"mode", "sometimes"}}}}}}}) ==
        "p.json.workers[0].restart.mode: 'sometimes' is not one of always, on-failure, never");
  CHECK(message({{"workers", {{{"name", "x"}, {"argv", "true"}}}}}) ==
        "p.json.workers[0].argv: has the wrong type (string)");
}
