// Reading the YAML schema: keys, defaults, overrides, config sources, value types.
#include "topology/parse_endpoints.hpp"
#include "topology/parse_topology.hpp"
#include "topology_fixtures.hpp"

using namespace topotest;
using namespace std::chrono_literals;

namespace {

sfsup::Topology parse(Project& project, const std::string& yaml,
                      std::vector<sfsup::Diagnostic>* out = nullptr) {
  const auto file = project.topology(yaml);
  sfsup::Diagnostics diagnostics(file.string());
  auto topology = sfsup::parse_topology(file, diagnostics);
  if (out) {
    *out = diagnostics.sorted();
  } else {
    INFO(all(diagnostics.sorted()));
    CHECK(diagnostics.empty());
  }
  return topology;
}

}  // namespace

TEST_CASE("a minimal topology gets every documented default") {
  Project project;
  const auto t = parse(project, R"(services:
  echo:
    service: ../build/services/libecho.so
)");
  CHECK(t.name == "t");  // the file's stem
  CHECK(t.tcp_ports.first == 20000);
  CHECK(t.tcp_ports.last == 29999);
  REQUIRE(t.services.size() == 1);
  const auto& echo = t.services[0];
  CHECK(echo.name == "echo");
  CHECK(echo.plugin == project.root() / "build/services/libecho.so");
  CHECK_FALSE(echo.main);
  CHECK(echo.config == json::object());
  CHECK(echo.args.empty());
  CHECK(echo.endpoints.empty());
  const auto& s = echo.settings;
  CHECK(s.restart.mode == sfsup::RestartMode::on_failure);
  CHECK(s.restart.intensity_max_restarts == 5);
  CHECK(s.restart.intensity_period == 30s);
  CHECK(s.restart.backoff_initial == 0ms);
  CHECK(s.restart.backoff_step == 250ms);
  CHECK(s.restart.backoff_max == 10s);
  CHECK(s.stop_timeout == 10s);
  CHECK(s.ready_timeout == 30s);
  CHECK(s.env.empty());
  CHECK_FALSE(s.log_level.has_value());
  CHECK(s.transport == sfsup::Transport::ipc);
}

TEST_CASE("defaults apply to every service and a service's own keys win") {
  Project project;
  const auto t = parse(project, R"(name: market
defaults:
  restart: always
  stop_timeout_s: 2.5
  ready_timeout_s: 7
  restart_limit: {max: 3, within_s: 60}
  backoff: {initial_ms: 100, max_ms: 2000}
  env: {A: "1", B: two}
  log_level: debug
  transport: tcp
  tcp_ports: [31000, 31010]
services:
  echo:
    service: ../build/services/libecho.so
  broker:
    service: ../build/services/libbroker.so
    restart: never
    stop_timeout_s: 1
    env: {B: three, C: 4}
    log_level: WARN
    transport: ipc
    backoff: {max_ms: 500}
)");
  CHECK(t.name == "market");
  CHECK(t.tcp_ports.first == 31000);
  CHECK(t.tcp_ports.last == 31010);
  REQUIRE(t.services.size() == 2);
  const auto& echo = t.services[0].settings;
  CHECK(echo.restart.mode == sfsup::RestartMode::always);
  CHECK(echo.restart.intensity_max_restarts == 3);
  CHECK(echo.restart.intensity_period == 60s);
  CHECK(echo.restart.backoff_step == 100ms);
  CHECK(echo.restart.backoff_max == 2s);
  CHECK(echo.stop_timeout == 2500ms);
  CHECK(echo.ready_timeout == 7s);
  CHECK(echo.env == std::map<std::string, std::string>{{"A", "1"}, {"B", "two"}});
  CHECK(echo.log_level == "debug");
  CHECK(echo.transport == sfsup::Transport::tcp);

  const auto& broker = t.services[1].settings;
  CHECK(broker.restart.mode == sfsup::RestartMode::never);
  CHECK(broker.restart.intensity_max_restarts == 3);  // inherited
  CHECK(broker.restart.backoff_step == 100ms);        // inherited ...
  CHECK(broker.restart.backoff_max == 500ms);         // ... and its own
  CHECK(broker.stop_timeout == 1s);
  CHECK(broker.env == std::map<std::string, std::string>{{"A", "1"}, {"B", "three"}, {"C", "4"}});
  CHECK(broker.log_level == "warn");
  CHECK(broker.transport == sfsup::Transport::ipc);
}

TEST_CASE("config: config_file first - inline keys over it - YAML scalars typed") {
  Project project;
  write_file(project.root() / "topologies/ticker.json",
             R"({"required": {"count": 1, "rate_hz": 5}, "optional": {"topic": "file"}})");
  const auto t = parse(project, R"(services:
  ticker:
    service: ../build/services/libticker.so
    main: true
    config_file: ticker.json
    config:
      rate_hz: 100
      topic: "42"
      wait_subscribers: 1.5
      flag: true
      nothing: null
      list: [1, a]
    args: {count: 7, symbol: BTC-USD}
)");
  REQUIRE(t.services.size() == 1);
  const auto& ticker = t.services[0];
  CHECK(ticker.main);
  CHECK(ticker.config["count"] == 1);                    // from the file (seed shape, flattened)
  CHECK(ticker.config["rate_hz"] == 100);                // inline wins
  CHECK(ticker.config["rate_hz"].is_number_integer());
  CHECK(ticker.config["topic"] == "42");                 // quoted: a string
  CHECK(ticker.config["wait_subscribers"] == 1.5);
  CHECK(ticker.config["flag"] == true);
  CHECK(ticker.config["nothing"].is_null());
  CHECK(ticker.config["list"] == json::array({1, "a"}));
  CHECK(ticker.config_marks.at("count").line == 5);      // the config_file: line
  CHECK(ticker.config_marks.at("rate_hz").line == 7);
  REQUIRE(ticker.args.size() == 2);
  CHECK(ticker.args[0].key == "count");
  CHECK(ticker.args[0].value == "7");
  CHECK(ticker.args[1].value == "BTC-USD");
}

TEST_CASE("connections and states: from/to references and explicit addresses") {
  Project project;
  const auto t = parse(project, R"(services:
  strategy:
    service: ../build/services/libstrategy.so
    connections:
      out: {orders: {to: broker.orders}}
    states:
      in:
        book: {from: [builder.book]}
  broker:
    service: ../build/services/libbroker.so
    connections:
      in:
        orders: {address: "127.0.0.1:5555"}
  builder:
    service: ../build/services/libbook_builder.so
    states:
      out:
        book:
          address: {publisher: "ipc:///tmp/book.pub", replyer: "tcp://localhost:6000"}
)");
  REQUIRE(t.services.size() == 3);
  const auto& strategy = t.services[0];
  REQUIRE(strategy.endpoints.size() == 2);
  const auto* orders = strategy.find(sfsup::EndpointKind::connection, sfsup::Direction::out, "orders");
  REQUIRE(orders);
  REQUIRE(orders->peers.size() == 1);
  CHECK(orders->peers[0].service == "broker");
  CHECK(orders->peers[0].endpoint == "orders");
  CHECK(orders->peers[0].mark.line == 5);
  const auto* book = strategy.find(sfsup::EndpointKind::state, sfsup::Direction::in, "book");
  REQUIRE(book);
  REQUIRE(book->peers.size() == 1);
  CHECK(book->peers[0].text == "builder.book");

  const auto* broker_orders =
      t.services[1].find(sfsup::EndpointKind::connection, sfsup::Direction::in, "orders");
  REQUIRE(broker_orders);
  REQUIRE(broker_orders->address);
  CHECK(broker_orders->address->endpoint == "tcp://127.0.0.1:5555");  // host:port normalised

  const auto* builder_book = t.services[2].find(sfsup::EndpointKind::state, sfsup::Direction::out, "book");
  REQUIRE(builder_book);
  CHECK(builder_book->socket_addresses.at("publisher").endpoint == "ipc:///tmp/book.pub");
  CHECK(builder_book->socket_addresses.at("replyer").endpoint == "tcp://localhost:6000");
}

TEST_CASE("normalize_endpoint accepts tcp and ipc - rejects the rest with a fix") {
  std::string why;
  CHECK(sfsup::normalize_endpoint("127.0.0.1:80", why) == "tcp://127.0.0.1:80");
  CHECK(sfsup::normalize_endpoint("tcp://*:5555", why) == "tcp://*:5555");
  CHECK(sfsup::normalize_endpoint("ipc:///tmp/x", why) == "ipc:///tmp/x");
  CHECK_FALSE(sfsup::normalize_endpoint("inproc://x", why));
  CHECK(why.find("inproc") != std::string::npos);
  CHECK_FALSE(sfsup::normalize_endpoint("tcp://host:99999", why));
  CHECK_FALSE(sfsup::normalize_endpoint("localhost", why));
  CHECK_FALSE(sfsup::normalize_endpoint("ipc://" + std::string(120, 'x'), why));
  CHECK(why.find("107") != std::string::npos);
}

TEST_CASE("log_level takes Python's WARNING as well as spdlog's warn") {
  Project project;
  const auto t = parse(project, "services:\n  echo:\n    service: ../build/services/libecho.so\n    log_level: WARNING\n");
  REQUIRE(t.services.size() == 1);
  CHECK(t.services[0].settings.log_level == "warn");
}
