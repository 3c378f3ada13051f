// Compose's conveniences in a topology: ${VAR} interpolation from the
// environment and a .env file, top-level x- keys, anchors and << merge keys,
// and the per-service stop_signal.
#include <signal.h>
#include <stdlib.h>

#include "topology_fixtures.hpp"
#include "topology/parse_topology.hpp"

using namespace topotest;

namespace {

// Sets an environment variable for one test case, and unsets it after.
class EnvVar {
 public:
  EnvVar(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
  ~EnvVar() { ::unsetenv(name_); }
  EnvVar(const EnvVar&) = delete;

 private:
  const char* name_;
};

sfsup::Topology parse(Project& project, const std::string& yaml, sfsup::Diagnostics& diagnostics) {
  return sfsup::parse_topology(project.topology(yaml), diagnostics);
}

}  // namespace

TEST_CASE("variables come from the environment and keep the value's YAML type") {
  Project project;
  EnvVar count("SFSUP_TEST_COUNT", "25");
  EnvVar prefix("SFSUP_TEST_PREFIX", "re: ");
  sfsup::Diagnostics diagnostics("t.yaml");
  const auto topology = parse(project, R"(services:
  ticker:
    service: ../build/services/libticker.so
    config:
      count: ${SFSUP_TEST_COUNT}
      topic: "$SFSUP_TEST_PREFIX$$x"
      rate_hz: ${SFSUP_TEST_UNSET:-50}
)",
                              diagnostics);
  REQUIRE_MESSAGE(diagnostics.empty(), all(diagnostics.sorted()));
  const auto& config = topology.services.at(0).config;
  CHECK(config["count"] == 25);  // plain scalar: an int, as if written 25
  CHECK(config["topic"] == "re: $x");
  CHECK(config["rate_hz"] == 50);
}

TEST_CASE("variables fall back to .env beside the topology - the environment wins") {
  Project project;
  write_file(project.root() / "topologies/.env",
             "# settings\nexport SFSUP_TEST_A=from-dotenv\nSFSUP_TEST_B='kept # as is'\n"
             "SFSUP_TEST_C=\"line\\nbreak\"\nSFSUP_TEST_D=plain # comment\n");
  EnvVar b("SFSUP_TEST_B", "from-env");
  sfsup::Diagnostics diagnostics("t.yaml");
  const auto topology = parse(project, R"(services:
  echo:
    service: ../build/services/libecho.so
    env: {A: "${SFSUP_TEST_A}", B: "${SFSUP_TEST_B}", C: "${SFSUP_TEST_C}", D: "${SFSUP_TEST_D}"}
)",
                              diagnostics);
  REQUIRE_MESSAGE(diagnostics.empty(), all(diagnostics.sorted()));
  const auto& env = topology.services.at(0).settings.env;
  CHECK(env.at("A") == "from-dotenv");
  CHECK(env.at("B") == "from-env");
  CHECK(env.at("C") == "line\nbreak");
  CHECK(env.at("D") == "plain");
}

TEST_CASE("interpolation mistakes are located errors") {
  Project project;
  SUBCASE("an unquoted ${VAR} inside a flow mapping is a YAML mistake named as such") {
    auto d = only(project, "services:\n  echo:\n    service: ../build/services/libecho.so\n"
                           "    config: {prefix: ${SFSUP_TEST_X}}\n",
                  "must be quoted");
    CHECK(d.line == 4);
    CHECK(d.column == 22);
  }
  SUBCASE("an unset ${VAR} without a default") {
    auto d = only(project, "services:\n  echo:\n    service: ../build/services/libecho.so\n"
                           "    config: {prefix: \"${SFSUP_TEST_NEVER_SET}\"}\n",
                  "is not set");
    CHECK(d.line == 4);
    CHECK(d.column == 22);
    CHECK(d.message == "${SFSUP_TEST_NEVER_SET} is not set; set SFSUP_TEST_NEVER_SET in the "
                       "environment or in .env beside the topology, or give a default: "
                       "${SFSUP_TEST_NEVER_SET:-value}");
  }
  SUBCASE("${VAR:?message}") {
    auto d = only(project, "services:\n  echo:\n    service: ../build/services/libecho.so\n"
                           "    config: {prefix: \"${SFSUP_TEST_NEVER_SET:?give the prefix}\"}\n",
                  "is required");
    CHECK(d.message.find("give the prefix") != std::string::npos);
  }
  SUBCASE("a lone dollar and an unclosed brace") {
    const auto diagnostics = project.check("services:\n  echo:\n    service: ../build/services/libecho.so\n"
                                           "    env: {A: \"5 $\", B: \"${X\"}\n");
    CHECK(expect_one(diagnostics, "a lone '$'").line == 4);
    CHECK(expect_one(diagnostics, "is never closed").line == 4);
  }
  SUBCASE("a .env line that is not NAME=value") {
    write_file(project.root() / "topologies/.env", "OK=1\nnot a variable\n");
    auto d = only(project, "services:\n  echo:\n    service: ../build/services/libecho.so\n", "NAME=value");
    CHECK(d.file == (project.root() / "topologies/.env").string());
    CHECK(d.line == 2);
  }
}

TEST_CASE("top-level x- keys are ignored and anchors with merge keys are accepted") {
  Project project;
  sfsup::Diagnostics diagnostics("t.yaml");
  const auto topology = parse(project, R"(x-common: &common
  restart: always
  stop_timeout_s: 3
  env: {TZ: UTC}
x-fast: &fast
  stop_timeout_s: 1
  log_level: debug
services:
  echo:
    <<: *common
    service: ../build/services/libecho.so
    stop_timeout_s: 7
  pinger:
    <<: [*fast, *common]
    service: ../build/services/libpinger.so
    config: &pinger_config {count: 2}
  pinger2:
    service: ../build/services/libpinger.so
    config: *pinger_config
)",
                              diagnostics);
  REQUIRE_MESSAGE(diagnostics.empty(), all(diagnostics.sorted()));
  REQUIRE(topology.services.size() == 3);
  const auto& echo = topology.services[0].settings;
  CHECK(echo.restart.mode == sfsup::RestartMode::always);
  CHECK(echo.stop_timeout == std::chrono::milliseconds(7000));  // the service's own key wins
  CHECK(echo.env.at("TZ") == "UTC");
  const auto& pinger = topology.services[1].settings;
  CHECK(pinger.stop_timeout == std::chrono::milliseconds(1000));  // the first source wins
  CHECK(pinger.log_level == "debug");
  CHECK(pinger.restart.mode == sfsup::RestartMode::always);
  CHECK(topology.services[2].config["count"] == 2);
}

TEST_CASE("a key merged in from an anchor is located where the anchor wrote it") {
  Project project;
  auto d = only(project, "x-base: &base\n  restar: always\nservices:\n  echo:\n    <<: *base\n"
                         "    service: ../build/services/libecho.so\n",
                "unknown key 'restar'");
  CHECK(d.line == 2);
  CHECK(d.column == 3);
}

TEST_CASE("stop_signal per service and in defaults") {
  Project project;
  sfsup::Diagnostics diagnostics("t.yaml");
  const auto topology = parse(project, R"(defaults: {stop_signal: SIGINT}
services:
  echo: {service: ../build/services/libecho.so}
  pinger: {service: ../build/services/libpinger.so, stop_signal: usr1}
)",
                              diagnostics);
  REQUIRE_MESSAGE(diagnostics.empty(), all(diagnostics.sorted()));
  CHECK(topology.services[0].settings.stop_signal == SIGINT);
  CHECK(topology.services[1].settings.stop_signal == SIGUSR1);

  auto d = only(project, "services:\n  echo: {service: ../build/services/libecho.so, stop_signal: SIGNOPE}\n",
                "'stop_signal' cannot be 'SIGNOPE'");
  CHECK(d.line == 2);
}
