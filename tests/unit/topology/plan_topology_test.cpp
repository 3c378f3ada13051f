// From a valid topology to a RunPlan: start order, argv, worker files, endpoints.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "planning/endpoint_plan.hpp"
#include "planning/plan_topology.hpp"
#include "topology/parse_topology.hpp"
#include "topology_fixtures.hpp"

using namespace topotest;
using namespace std::chrono_literals;

namespace {

// topologies/dev.yaml from the source tree, checked against the fixtures.
std::string dev_yaml() {
  std::ifstream in(fs::path(SF_SOURCE_DIR) / "topologies/dev.yaml");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> names(const sfsup::RunPlan& plan) {
  std::vector<std::string> out;
  for (const auto& w : plan.workers) out.push_back(w.name);
  return out;
}

const sfsup::WorkerSpec& worker(const sfsup::RunPlan& plan, const std::string& name) {
  auto it = std::find_if(plan.workers.begin(), plan.workers.end(),
                         [&](const auto& w) { return w.name == name; });
  REQUIRE(it != plan.workers.end());
  return *it;
}

sfsup::RunPlan plan(Project& project, const std::string& yaml, const fs::path& run_dir) {
  try {
    return sfsup::plan_topology(project.topology(yaml), run_dir, "/opt/sf/service_framework",
                                project.describe());
  } catch (const sfsup::TopologyError& e) {
    FAIL(e.what());
    throw;
  }
}

}  // namespace

TEST_CASE("topologies/dev.yaml checks clean against the example services") {
  Project project;
  const auto diagnostics = project.check(dev_yaml());
  INFO(all(diagnostics));
  CHECK(diagnostics.empty());
}

TEST_CASE("dev plan: order - depends_on - argv - files and ipc endpoints") {
  Project project;
  const fs::path run = project.root() / "run";
  const auto p = plan(project, dev_yaml(), run);
  CHECK(p.name == "dev");
  CHECK(p.run_dir == run);
  CHECK(p.ipc_dir == run / "ipc");
  CHECK(p.notes.empty());
  CHECK(fs::is_directory(run / "ipc"));
  // Dependencies first (file order among equals), leading edge last.
  CHECK(names(p) == std::vector<std::string>{"echo", "tick_counter", "pinger", "ticker"});

  const auto& pinger = worker(p, "pinger");
  CHECK(pinger.leading_edge);
  CHECK(pinger.depends_on == std::vector<std::string>{"echo"});
  const fs::path pinger_dir = run / "workers/pinger";
  CHECK(pinger.argv == std::vector<std::string>{
                           "/opt/sf/service_framework", "-s",
                           (project.root() / "build/services/libpinger.so").string(), "-a",
                           (pinger_dir / "addresses.json").string(), "-c",
                           (pinger_dir / "config.json").string(), "-m", "--ready-fd", "3"});
  CHECK(pinger.log_file == run / "logs/pinger.log");
  CHECK(pinger.restart.mode == sfsup::RestartMode::on_failure);
  CHECK(pinger.stop_timeout == 10s);

  // The main publisher waits for its subscriber; the subscriber does not wait for it.
  CHECK(worker(p, "ticker").depends_on == std::vector<std::string>{"tick_counter"});
  CHECK(worker(p, "tick_counter").depends_on.empty());
  CHECK(worker(p, "echo").depends_on.empty());
  CHECK_FALSE(worker(p, "echo").leading_edge);

  const std::string echo_ep = "ipc://" + (run / "ipc/echo.echo.replyer").string();
  const std::string ticks_ep = "ipc://" + (run / "ipc/ticker.ticks.publisher").string();
  CHECK(read_json(run / "workers/echo/addresses.json") ==
        json::parse(R"({"connections": {"in": {"echo": {"replyer": ")" + echo_ep +
                    R"("}}, "out": {}}, "states": {"in": {}, "out": {}}})"));
  CHECK(read_json(pinger_dir / "addresses.json")["connections"]["out"]["echo"]["requester"] == echo_ep);
  CHECK(read_json(run / "workers/tick_counter/addresses.json")["connections"]["in"]["ticks"]
                 ["subscriber"] == ticks_ep);
  CHECK(read_json(run / "workers/ticker/addresses.json")["connections"]["out"]["ticks"]
                 ["publisher"] == ticks_ep);
  CHECK(read_json(pinger_dir / "config.json") ==
        json{{"count", 5}, {"interval_ms", 200}, {"expect_prefix", "echo: "}});
  CHECK(read_json(run / "workers/echo/config.json") == json{{"prefix", "echo: "}});
  CHECK(worker(p, "tick_counter").endpoints ==
        std::map<std::string, std::string>{{"in.ticks.subscriber", ticks_ep}});
}

TEST_CASE("argv carries -cl and extra args - env and settings reach the WorkerSpec") {
  Project project;
  const auto p = plan(project, R"(services:
  echo:
    service: ../build/services/libecho.so
    log_level: debug
    args: {prefix: ">"}
    env: {LANG: C}
    restart: always
    ready_timeout_s: 3
)", project.root() / "run");
  const auto& echo = worker(p, "echo");
  const std::vector<std::string> tail(echo.argv.begin() + 7, echo.argv.end());
  CHECK(tail == std::vector<std::string>{"-cl", "debug", "--ready-fd", "3", "--prefix", ">"});
  CHECK(echo.env == std::map<std::string, std::string>{{"LANG", "C"}});
  CHECK(echo.restart.mode == sfsup::RestartMode::always);
  CHECK(echo.ready_timeout == 3s);
}

TEST_CASE("start order follows dependencies - not file order") {
  Project project;
  // strategy needs broker (requester -> replyer) and builder (state in -> out).
  const auto p = plan(project, R"(services:
  strategy:
    service: ../build/services/libstrategy.so
    connections: {out: {orders: {to: broker.orders}}}
    states: {in: {book: {from: builder.book}}}
  broker:
    service: ../build/services/libbroker.so
  builder:
    service: ../build/services/libbook_builder.so
)", project.root() / "run");
  CHECK(names(p) == std::vector<std::string>{"broker", "builder", "strategy"});
  CHECK(worker(p, "strategy").depends_on == std::vector<std::string>{"broker", "builder"});
  // A state link wires both sockets: the snapshot requester and the update subscriber.
  const auto addresses = read_json(project.root() / "run/workers/strategy/addresses.json");
  const auto builder = read_json(project.root() / "run/workers/builder/addresses.json");
  CHECK(addresses["states"]["in"]["book"]["subscriber"] == builder["states"]["out"]["book"]["publisher"]);
  CHECK(addresses["states"]["in"]["book"]["requester"] == builder["states"]["out"]["book"]["replyer"]);
  CHECK(builder["states"]["out"]["book"]["publisher"] != builder["states"]["out"]["book"]["replyer"]);
  CHECK(worker(p, "strategy").endpoints.count("states.in.book.requester") == 1);
}

TEST_CASE("is_binder flips who binds - who connects and who starts first") {
  Project project;
  project.descriptions()["libtick_counter.so"]["connections"]["in"]["ticks"]["sockets"]["subscriber"] =
      json{{"role", "bind"}};
  project.descriptions()["libticker.so"]["connections"]["out"]["ticks"]["sockets"]["publisher"] =
      json{{"role", "connect"}};
  const auto p = plan(project, R"(services:
  ticker:
    service: ../build/services/libticker.so
    main: true
    config: {count: 1}
    connections: {out: {ticks: {to: counter.ticks}}}
  counter:
    service: ../build/services/libtick_counter.so
)", project.root() / "run");
  const std::string sub_ep = "ipc://" + (project.root() / "run/ipc/counter.ticks.subscriber").string();
  CHECK(worker(p, "counter").endpoints.at("in.ticks.subscriber") == sub_ep);
  CHECK(worker(p, "ticker").endpoints.at("out.ticks.publisher") == sub_ep);
  CHECK(worker(p, "ticker").depends_on == std::vector<std::string>{"counter"});
  CHECK(names(p) == std::vector<std::string>{"counter", "ticker"});
}

TEST_CASE("several subscribers share one publisher - several requesters one replyer") {
  Project project;
  const auto p = plan(project, R"(services:
  ticker:
    service: ../build/services/libticker.so
    main: true
    config: {count: 1}
    connections: {out: {ticks: {to: [c1.ticks, c2.ticks]}}}
  c1: {service: ../build/services/libtick_counter.so}
  c2: {service: ../build/services/libtick_counter.so}
  echo: {service: ../build/services/libecho.so}
  p1:
    service: ../build/services/libpinger.so
    main: true
    connections: {out: {echo: {to: echo.echo}}}
  p2:
    service: ../build/services/libpinger.so
    main: true
    connections: {out: {echo: {to: echo.echo}}}
)", project.root() / "run");
  const auto& pub = worker(p, "ticker").endpoints.at("out.ticks.publisher");
  CHECK(worker(p, "c1").endpoints.at("in.ticks.subscriber") == pub);
  CHECK(worker(p, "c2").endpoints.at("in.ticks.subscriber") == pub);
  CHECK(worker(p, "ticker").depends_on == std::vector<std::string>{"c1", "c2"});
  const auto& rep = worker(p, "echo").endpoints.at("in.echo.replyer");
  CHECK(worker(p, "p1").endpoints.at("out.echo.requester") == rep);
  CHECK(worker(p, "p2").endpoints.at("out.echo.requester") == rep);
  CHECK(names(p) == std::vector<std::string>{"c1", "c2", "echo", "ticker", "p1", "p2"});
}

TEST_CASE("explicit addresses are used as given - by binders and their peers") {
  Project project;
  const auto p = plan(project, R"(services:
  strategy:
    service: ../build/services/libstrategy.so
    connections: {out: {orders: {to: broker.orders}}}
    states: {in: {book: {address: {subscriber: "tcp://10.0.0.9:7000", requester: "10.0.0.9:7001"}}}}
  broker:
    service: ../build/services/libbroker.so
    connections: {in: {orders: {address: "tcp://127.0.0.1:5555"}}}
)", project.root() / "run");
  const auto a = read_json(project.root() / "run/workers/strategy/addresses.json");
  CHECK(a["connections"]["out"]["orders"]["requester"] == "tcp://127.0.0.1:5555");
  CHECK(a["states"]["in"]["book"]["subscriber"] == "tcp://10.0.0.9:7000");
  CHECK(a["states"]["in"]["book"]["requester"] == "tcp://10.0.0.9:7001");
  // An explicit address is not a startup dependency.
  CHECK(worker(p, "strategy").depends_on == std::vector<std::string>{"broker"});
}

TEST_CASE("transport tcp assigns 127.0.0.1 ports from the range - skipping busy ones") {
  // Hold a port so the planner must skip it; the range starts there.
  const int held = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(held >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int first = 0;
  for (int port = 38000; port < 38100 && !first; port += 7) {
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (::bind(held, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) first = port;
  }
  REQUIRE(first != 0);
  CHECK_FALSE(sfsup::tcp_port_is_free(first));

  Project project;
  const auto p = plan(project, fmt::format(R"(defaults:
  transport: tcp
  tcp_ports: [{}, {}]
services:
  echo:
    service: ../build/services/libecho.so
  pinger:
    service: ../build/services/libpinger.so
    main: true
    connections: {{out: {{echo: {{to: echo.echo}}}}}}
  builder:
    service: ../build/services/libbook_builder.so
)", first, first + 20), project.root() / "run");
  ::close(held);
  const auto echo = read_json(project.root() / "run/workers/echo/addresses.json");
  const auto builder = read_json(project.root() / "run/workers/builder/addresses.json");
  const std::string echo_ep = echo["connections"]["in"]["echo"]["replyer"];
  CHECK(echo_ep.rfind("tcp://127.0.0.1:", 0) == 0);
  CHECK(echo_ep != fmt::format("tcp://127.0.0.1:{}", first));
  const std::string pub = builder["states"]["out"]["book"]["publisher"];
  const std::string rep = builder["states"]["out"]["book"]["replyer"];
  CHECK(pub != echo_ep);
  CHECK(rep != pub);
  CHECK(read_json(project.root() / "run/workers/pinger/addresses.json")["connections"]["out"]["echo"]
                 ["requester"] == echo_ep);
}

TEST_CASE("endpoint plan with an injected port probe is deterministic") {
  Project project;
  const auto file = project.topology(R"(defaults: {transport: tcp, tcp_ports: [100, 104]}
services:
  echo:
    service: ../build/services/libecho.so
  builder:
    service: ../build/services/libbook_builder.so
  broker:
    service: ../build/services/libbroker.so
    connections: {in: {orders: {address: "tcp://127.0.0.1:101"}}}
)");
  sfsup::Diagnostics diagnostics(file.string());
  const auto analysis = [&] {
    auto t = sfsup::parse_topology(file, diagnostics);
    sfsup::DescribedServices d;
    for (const auto& s : t.services) {
      d.emplace(s.name, sfsup::read_service_description(
                            project.descriptions().at(s.plugin.filename().string())));
    }
    return std::make_pair(t, d);
  }();
  const auto& [topology, described] = analysis;
  const sfsup::Wiring wiring;
  auto busy_103 = [](int port) { return port != 103; };
  const auto plan = sfsup::plan_endpoints(topology, described, wiring, project.root() / "run",
                                          diagnostics, busy_103);
  CHECK(diagnostics.empty());
  using K = sfsup::EndpointKind;
  using D = sfsup::Direction;
  CHECK(plan.endpoints.at({"echo", K::connection, D::in, "echo", "replyer"}) == "tcp://127.0.0.1:100");
  // 101 is someone's explicit address, 103 is busy.
  CHECK(plan.endpoints.at({"builder", K::state, D::out, "book", "publisher"}) == "tcp://127.0.0.1:102");
  CHECK(plan.endpoints.at({"builder", K::state, D::out, "book", "replyer"}) == "tcp://127.0.0.1:104");

  // One more binder than the range holds: reported at tcp_ports.
  project.descriptions()["libecho.so"]["connections"]["out"]["extra"] = endpoint("publisher", args({}));
  sfsup::DescribedServices more = described;
  more["echo"] = sfsup::read_service_description(project.descriptions()["libecho.so"]);
  sfsup::Diagnostics full(file.string());
  sfsup::plan_endpoints(topology, more, wiring, project.root() / "run2", full, busy_103);
  const auto d = expect_one(full.sorted(), "no free TCP port left in [100, 104]");
  CHECK(d.line == 1);
}

TEST_CASE("ipc paths too long for sun_path move to a short /tmp dir - and the plan says so") {
  Project project;
  const fs::path deep = project.root() / std::string(60, 'd') / std::string(40, 'e');
  const auto p = plan(project, dev_yaml(), deep);
  REQUIRE(p.notes.size() == 1);
  CHECK(p.notes[0].find("unix socket path limit") != std::string::npos);
  CHECK(p.ipc_dir.string().rfind("/tmp/sfsup-", 0) == 0);
  CHECK(fs::is_directory(p.ipc_dir));
  for (const auto& w : p.workers) {
    for (const auto& [label, ep] : w.endpoints) {
      CHECK(ep.rfind("ipc://" + p.ipc_dir.string() + "/", 0) == 0);
      CHECK(ep.size() - 6 <= 107);
    }
  }
  fs::remove_all(p.ipc_dir);
}

TEST_CASE("plan_topology throws TopologyError carrying every diagnostic") {
  Project project;
  const auto file = project.topology(R"(services:
  counter:
    service: ../build/services/libtick_counter.so
  ghost:
    service: ../build/services/libghost.so
)");
  try {
    sfsup::plan_topology(file, project.root() / "run", "/bin/true", project.describe());
    FAIL("expected TopologyError");
  } catch (const sfsup::TopologyError& e) {
    REQUIRE(e.diagnostics.size() == 2);
    CHECK(e.diagnostics[0].line == 2);
    CHECK(e.diagnostics[1].line == 5);
    CHECK(std::string(e.what()) == e.diagnostics[0].to_string() + "\n" + e.diagnostics[1].to_string());
  }
  CHECK_FALSE(fs::exists(project.root() / "run"));  // nothing written for a bad topology
}
