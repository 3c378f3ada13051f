// A wildcard bind address its peers in the topology would have to connect to
// is refused with the fix (peers cannot connect to tcp://*:port).
#include "topology_fixtures.hpp"

using namespace topotest;

namespace {

std::string echo_at(const std::string& address, bool with_pinger) {
  std::string yaml = "services:\n  echo:\n    service: ../build/services/libecho.so\n"
                     "    connections:\n      in: {echo: {address: \"" + address + "\"}}\n";
  if (with_pinger)
    yaml += "  pinger:\n    service: ../build/services/libpinger.so\n    main: true\n"
            "    connections:\n      out: {echo: {to: echo.echo}}\n";
  return yaml;
}

}  // namespace

TEST_CASE("a wildcard bind address with peers in the topology is refused with the fix") {
  Project project;
  for (const std::string address : {"tcp://*:5555", "tcp://0.0.0.0:5555"}) {
    CAPTURE(address);
    auto d = only(project, echo_at(address, true), "binds the wildcard");
    CHECK(d.line == 5);
    CHECK(d.column == 28);
    CHECK(d.message == "echo.echo.replyer binds the wildcard " + address +
                           ", which pinger.echo would have to connect to and cannot; write "
                           "tcp://127.0.0.1:5555 (peers in the topology connect there)");
  }
}

TEST_CASE("a wildcard bind address nobody in the topology connects to is the user's choice") {
  Project project;
  const auto diagnostics = project.check(echo_at("tcp://*:5555", false));
  CHECK_MESSAGE(diagnostics.empty(), all(diagnostics));
}

TEST_CASE("a connecting socket given a wildcard address is refused") {
  Project project;
  auto d = only(project, R"(services:
  pinger:
    service: ../build/services/libpinger.so
    main: true
    connections:
      out: {echo: {address: "tcp://*:5555"}}
)",
                "a wildcard that only a binding socket can use");
  CHECK(d.line == 6);
  CHECK(d.message.find("e.g. tcp://127.0.0.1:5555") != std::string::npos);
}
