// Topologies that only work on one machine are refused with file:line:col
// and the fix; an ipc file bound inside the topology becomes a port.
#include <doctest/doctest.h>

#include <fstream>

#include "export_helpers.hpp"

using namespace sfexport_test;

namespace {

std::string plugin(std::string_view name) { return sftest::plugin(name).string(); }

}  // namespace

TEST_CASE("export refuses an explicit loopback address at its line and column") {
  sftest::TempDir tmp;
  const auto topology = tmp / "loopback.yaml";
  std::ofstream(topology) << "name: loop\nservices:\n  echo:\n    service: " << plugin("echo")
                          << "\n    connections:\n      in: {echo: {address: \"tcp://127.0.0.1:7000\"}}\n";
  auto run = sfsup({"export", "kubernetes", topology.string()});
  INFO(run.output);
  CHECK(sftest::exited_with(run.status, 1));
  CHECK(run.output.find(topology.string() + ":6:28: echo.echo.replyer uses tcp://127.0.0.1:7000, a loopback "
                                            "address no other pod or container can reach; remove `address:`") !=
        std::string::npos);
  CHECK(run.output.find("nothing was exported") != std::string::npos);
  CHECK(run.output.find("kind:") == std::string::npos);
}

TEST_CASE("export refuses an ipc endpoint bound by a process outside the topology") {
  sftest::TempDir tmp;
  const auto topology = tmp / "outside.yaml";
  std::ofstream(topology) << "name: outside\nservices:\n  pinger:\n    service: " << plugin("pinger")
                          << "\n    main: true\n    config: {count: 1}\n"
                          << "    connections:\n      out: {echo: {address: \"ipc:///tmp/legacy-echo.sock\"}}\n";
  auto run = sfsup({"export", "compose", topology.string()});
  INFO(run.output);
  CHECK(sftest::exited_with(run.status, 1));
  CHECK(run.output.find(topology.string() + ":8:29: pinger.echo.requester connects to ipc:///tmp/legacy-echo.sock, "
                                            "a unix socket bound by a process outside this topology") !=
        std::string::npos);
}

TEST_CASE("export turns an ipc address bound inside the topology into a tcp port") {
  sftest::TempDir tmp;
  const auto topology = tmp / "inside.yaml";
  std::ofstream(topology) << "name: inside\nservices:\n  echo:\n    service: " << plugin("echo")
                          << "\n    connections:\n      in: {echo: {address: \"ipc:///tmp/shared-echo.sock\"}}\n"
                          << "  pinger:\n    service: " << plugin("pinger")
                          << "\n    main: true\n    config: {count: 1}\n"
                          << "    connections:\n      out: {echo: {address: \"ipc:///tmp/shared-echo.sock\"}}\n";
  auto run = sfsup({"export", "compose", topology.string()});
  INFO(run.output);
  REQUIRE(sftest::exited_with(run.status, 0));
  CHECK(run.output.find("echo.echo.replyer binds ipc:///tmp/shared-echo.sock on this machine; exported, it binds "
                        "tcp port 20000") != std::string::npos);
  CHECK(run.output.find(R"("replyer": "tcp://*:20000")") != std::string::npos);
  CHECK(run.output.find(R"("requester": "tcp://echo:20000")") != std::string::npos);
  CHECK(run.output.find("ipc://") == run.output.find("ipc:///tmp/shared-echo.sock on this machine"));
}

TEST_CASE("export refuses two services that would get one DNS name") {
  sftest::TempDir tmp;
  const auto topology = tmp / "twins.yaml";
  std::ofstream(topology) << "name: twins\nservices:\n  my_echo:\n    service: " << plugin("echo")
                          << "\n  my-echo:\n    service: " << plugin("echo") << "\n";
  auto run = sfsup({"export", "kubernetes", topology.string()});
  INFO(run.output);
  CHECK(sftest::exited_with(run.status, 1));
  CHECK(run.output.find(topology.string() + ":5:3: services 'my_echo' and 'my-echo' would both be named 'my-echo'") !=
        std::string::npos);
}
