// Broken topologies, schema side: YAML, keys, values, plugins and config.
// Each mistake is one diagnostic at the offending line, saying what is wrong
// and how to fix it.
#include "topology_fixtures.hpp"

using namespace topotest;

TEST_CASE("every diagnostic is one line: file:line:column: what - fix") {
  Project project;
  const auto diagnostics = project.check(R"(services:
  echo:
    service: ../build/services/libecho.so
    restar: always
)");
  REQUIRE(diagnostics.size() == 1);
  const auto& d = diagnostics[0];
  CHECK(d.file == (project.root() / "topologies/t.yaml").string());
  CHECK(d.line == 4);
  CHECK(d.column == 5);
  CHECK(d.to_string() == d.file + ":4:5: unknown key 'restar' in service 'echo'; did you mean "
                                  "'restart'?");
  CHECK(d.to_string().find('\n') == std::string::npos);
}

TEST_CASE("schema mistakes") {
  Project project;
  SUBCASE("unknown top-level key, far from any known one") {
    auto d = only(project, "services: {echo: {service: ../build/services/libecho.so}}\nwhatever: 1\n",
                  "unknown key 'whatever' in the topology");
    CHECK(d.line == 2);
    CHECK(d.message.find("expected one of: name, defaults, services") != std::string::npos);
  }
  SUBCASE("unknown key under defaults") {
    auto d = only(project, "defaults:\n  stop_timeout: 3\nservices: {echo: {service: ../build/services/libecho.so}}\n",
                  "unknown key 'stop_timeout' in 'defaults'; did you mean 'stop_timeout_s'?");
    CHECK(d.line == 2);
  }
  SUBCASE("missing service:") {
    auto d = only(project, "services:\n  echo:\n    config: {}\n", "has no 'service:' plugin");
    CHECK(d.line == 2);
    CHECK(d.message.find("add service: echo (a plugin name) or service: path/to/libecho.so") != std::string::npos);
  }
  SUBCASE("no services at all") {
    auto d = only(project, "name: x\n", "the topology has no services");
    CHECK(d.line == 1);
  }
  SUBCASE("duplicate key") {
    auto d = only(project, R"(services:
  echo:
    service: ../build/services/libecho.so
  echo:
    service: ../build/services/libecho.so
)", "duplicate key 'echo' in 'services'");
    CHECK(d.line == 4);
  }
  SUBCASE("invalid YAML: an unclosed bracket is reported where it opens") {
    auto d = only(project, "services:\n  echo: {service: [a,\n", "is never closed");
    CHECK(d.line == 2);
    CHECK(d.column == 19);
    CHECK(d.message.find("add the matching ']'") != std::string::npos);
  }
  SUBCASE("bad values") {
    const auto diagnostics = project.check(R"(defaults:
  restart: sometimes
  stop_timeout_s: soon
  transport: tpc
  tcp_ports: [3000]
services:
  echo:
    service: ../build/services/libecho.so
    main: yes please
    backoff: {initial_ms: 900, max_ms: 100}
    restart_limit: {max: -1}
    log_level: loud
)");
    CHECK(expect_one(diagnostics, "'restart' cannot be 'sometimes'").line == 2);
    CHECK(expect_one(diagnostics, "'stop_timeout_s' must be a positive number of seconds").line == 3);
    CHECK(expect_one(diagnostics, "'transport' cannot be 'tpc'; did you mean 'tcp'?").line == 4);
    CHECK(expect_one(diagnostics, "'tcp_ports' must be [first, last]").line == 5);
    CHECK(expect_one(diagnostics, "'main' must be true or false").line == 9);
    CHECK(expect_one(diagnostics, "initial_ms 900 above max_ms 100").line == 10);
    CHECK(expect_one(diagnostics, "'max' must be a whole number").line == 11);
    CHECK(expect_one(diagnostics, "'log_level' cannot be 'loud'").line == 12);
  }
  SUBCASE("bad service name and bad reference text") {
    const auto diagnostics = project.check(R"(services:
  my.echo:
    service: ../build/services/libecho.so
  counter:
    service: ../build/services/libtick_counter.so
    connections: {in: {ticks: {from: ticker}}}
)");
    CHECK(expect_one(diagnostics, "service name 'my.echo' may only use").line == 2);
    CHECK(expect_one(diagnostics, "'from: ticker' is not a reference; write <service>.<connection>").line == 6);
  }
  SUBCASE("from/to on the wrong side") {
    auto d = only(project, R"(services:
  counter:
    service: ../build/services/libtick_counter.so
    connections:
      in:
        ticks: {to: ticker.ticks}
  ticker:
    service: ../build/services/libticker.so
    main: true
    config: {count: 1, rate_hz: 1}
)", "'to' on in-connection 'ticks' points the wrong way");
    CHECK(d.line == 6);
  }
}

TEST_CASE("plugin problems") {
  Project project;
  SUBCASE("plugin file not found") {
    auto d = only(project, "services:\n  echo:\n    service: ../build/services/libecoh.so\n",
                  "plugin file");
    CHECK(d.line == 3);
    CHECK(d.column == 14);
    CHECK(d.message.find("libecoh.so not found; build it") != std::string::npos);
  }
  SUBCASE("plugin that cannot be described") {
    write_file(project.root() / "build/services/libbroken.so", "");
    auto d = only(project, "services:\n  x:\n    service: ../build/services/libbroken.so\n",
                  "plugin libbroken.so cannot be described: dlopen failed");
    CHECK(d.line == 3);
  }
  SUBCASE("malformed describe output") {
    project.descriptions()["libecho.so"]["connections"]["in"]["echo"]["sockets"]["replyer"]["role"] = "listen";
    auto d = only(project, "services:\n  x:\n    service: ../build/services/libecho.so\n",
                  "describe output is malformed");
    CHECK(d.line == 3);
  }
  SUBCASE("a plugin shared by services is described once") {
    const auto diagnostics = project.check(R"(services:
  a: {service: ../build/services/libecho.so}
  b: {service: ../build/services/libecho.so}
)");
    CHECK(diagnostics.empty());
    CHECK(project.describe_calls == 1);
  }
}

TEST_CASE("config against the plugin's config model") {
  Project project;
  SUBCASE("unknown config key") {
    auto d = only(project, R"(services:
  ticker:
    service: ../build/services/libticker.so
    main: true
    config:
      count: 1
      rate_hz: 2
      wait_subscriber: 1
)", "config key 'wait_subscriber' is not in the config model of 'ticker' (libticker.so); did you mean 'wait_subscribers'?");
    CHECK(d.line == 8);
  }
  SUBCASE("unknown args key") {
    auto d = only(project, R"(services:
  echo:
    service: ../build/services/libecho.so
    args: {prefx: ">"}
)", "args key 'prefx'");
    CHECK(d.line == 4);
  }
  SUBCASE("config for a service that takes none") {
    auto d = only(project, R"(services:
  broker:
    service: ../build/services/libbroker.so
    config: {verbose: true}
)", "config key 'verbose' is not in the config model of 'broker' (libbroker.so); this service takes no config, so remove it");
    CHECK(d.line == 4);
  }
  SUBCASE("missing required config, satisfied by args or config_file") {
    auto d = only(project, R"(services:
  ticker:
    service: ../build/services/libticker.so
    main: true
    config: {rate_hz: 2}
)", "service 'ticker' lacks required config count (int); add it under config:");
    CHECK(d.line == 5);
    write_file(project.root() / "topologies/rate.json", R"({"rate_hz": 3})");
    CHECK(project.check(R"(services:
  ticker:
    service: ../build/services/libticker.so
    main: true
    config_file: rate.json
    args: {count: 3}
)").empty());
  }
  SUBCASE("config file problems") {
    write_file(project.root() / "topologies/bad.json", "{nope");
    auto d = only(project, R"(services:
  ticker:
    service: ../build/services/libticker.so
    main: true
    config_file: bad.json
    config: {count: 1, rate_hz: 1}
)", "is not valid JSON");
    CHECK(d.line == 5);
  }
  SUBCASE("setup_config may supply required keys") {
    project.descriptions()["libticker.so"]["has_setup_config"] = true;
    CHECK(project.check("services:\n  t:\n    service: ../build/services/libticker.so\n    main: true\n").empty());
  }
}

TEST_CASE("diagnostics come sorted by line") {
  Project project;
  const auto diagnostics = project.check(R"(services:
  counter:
    service: ../build/services/libtick_counter.so
  ticker:
    service: ../build/services/libticker.so
    main: true
    colour: red
)");
  REQUIRE(diagnostics.size() == 3);
  CHECK(diagnostics[0].line == 2);   // counter unwired
  CHECK(diagnostics[1].line == 4);   // ticker lacks count, rate_hz
  CHECK(diagnostics[2].line == 7);   // unknown key
}
