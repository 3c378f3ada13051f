// max_message_bytes and max_log_line_bytes (docs/hardening.md, "Limits"):
// from the topology to the worker's --sf- flags and sfsup's own line bound.
#include <algorithm>

#include "planning/plan_topology.hpp"
#include "topology_fixtures.hpp"

using namespace topotest;

namespace {

sfsup::WorkerSpec planned_echo(Project& project, const std::string& settings) {
  const auto file = project.topology("defaults:\n  max_log_line_bytes: 2048\nservices:\n  echo:\n"
                                     "    service: ../build/services/libecho.so\n" + settings);
  try {
    auto plan = sfsup::plan_topology(file, project.root() / "run", "/opt/sf/service_framework", project.describe());
    REQUIRE(plan.workers.size() == 1);
    return plan.workers.front();
  } catch (const sfsup::TopologyError& e) {
    FAIL(e.what());
    throw;
  }
}

bool has_pair(const std::vector<std::string>& argv, const std::string& flag, const std::string& value) {
  auto it = std::find(argv.begin(), argv.end(), flag);
  return it != argv.end() && it + 1 != argv.end() && *(it + 1) == value;
}

// The plan of an echo service with `setting: value` fails with one
// diagnostic on that line saying `expected`.
void check_refused(Project& project, const std::string& setting, const std::string& value,
                   const std::string& expected) {
  const auto file = project.topology("services:\n  echo:\n    service: ../build/services/libecho.so\n    " + setting +
                                     ": " + value + "\n");
  try {
    sfsup::plan_topology(file, project.root() / "run", "/bin/true", project.describe());
    FAIL("expected TopologyError");
  } catch (const sfsup::TopologyError& e) {
    REQUIRE(e.diagnostics.size() == 1);
    CHECK(e.diagnostics[0].line == 4);
    CHECK_MESSAGE(std::string(e.what()).find(expected) != std::string::npos, e.what());
  }
}

}  // namespace

TEST_CASE("limits in a topology become the worker's flags") {
  Project project;
  const auto echo = planned_echo(project, "    max_message_bytes: 1048576\n    max_subscriptions: 500\n");
  CHECK(has_pair(echo.argv, "--sf-max-message-bytes", "1048576"));
  CHECK(has_pair(echo.argv, "--sf-max-subscriptions", "500"));
  CHECK(has_pair(echo.argv, "--sf-max-log-line-bytes", "2048"));  // from defaults:
  CHECK(echo.max_log_line_bytes == 2048);
}

TEST_CASE("without limits the worker keeps its defaults") {
  Project project;
  const auto file = project.topology("services:\n  echo:\n    service: ../build/services/libecho.so\n");
  const auto plan = sfsup::plan_topology(file, project.root() / "run", "/bin/true", project.describe());
  const auto& argv = plan.workers.front().argv;
  CHECK(std::find(argv.begin(), argv.end(), "--sf-max-message-bytes") == argv.end());
  CHECK(std::find(argv.begin(), argv.end(), "--sf-max-log-line-bytes") == argv.end());
  CHECK(std::find(argv.begin(), argv.end(), "--sf-max-subscriptions") == argv.end());
  CHECK(plan.workers.front().max_log_line_bytes == 16 * 1024);
}

TEST_CASE("a limit that is not a positive whole number is one located line") {
  Project project;
  for (const char* bad : {"0", "-1", "64MiB", "[1]"}) {
    CAPTURE(bad);
    check_refused(project, "max_message_bytes", bad, "'max_message_bytes' must be a whole number");
  }
}

TEST_CASE("max_subscriptions takes 0 for no cap and refuses a negative count in one located line") {
  Project project;
  CHECK(has_pair(planned_echo(project, "    max_subscriptions: 0\n").argv, "--sf-max-subscriptions", "0"));
  check_refused(project, "max_subscriptions", "-5", "'max_subscriptions' must be a whole number");
}
