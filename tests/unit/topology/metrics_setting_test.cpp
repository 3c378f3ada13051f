// The topology's `metrics:` key: an address, or {address, remote}.
#include "topology/parse_topology.hpp"
#include "topology_fixtures.hpp"

using namespace topotest;

namespace {

sfsup::Topology parse_with(Project& project, const std::string& metrics, std::vector<sfsup::Diagnostic>& out) {
  const auto file = project.topology("metrics: " + metrics + R"(
services:
  echo:
    service: ../build/services/libecho.so
)");
  sfsup::Diagnostics diagnostics(file.string());
  auto topology = sfsup::parse_topology(file, diagnostics);
  out = diagnostics.sorted();
  return topology;
}

}  // namespace

TEST_CASE("metrics: an address or an address with remote opt-in") {
  Project project;
  std::vector<sfsup::Diagnostic> problems;
  auto plain = parse_with(project, "127.0.0.1:9464", problems);
  CHECK(problems.empty());
  CHECK(plain.metrics_address == "127.0.0.1:9464");
  CHECK_FALSE(plain.metrics_remote);

  auto remote = parse_with(project, "{address: 0.0.0.0:9464, remote: true}", problems);
  CHECK(problems.empty());
  CHECK(remote.metrics_address == "0.0.0.0:9464");
  CHECK(remote.metrics_remote);

  auto none = parse_with(project, "~", problems);
  CHECK(none.metrics_address.empty());
}

TEST_CASE("metrics: a value that is not HOST:PORT is one located line with the fix") {
  Project project;
  std::vector<sfsup::Diagnostic> problems;
  parse_with(project, "9464", problems);
  const auto d = expect_one(problems, "is not HOST:PORT");
  CHECK(d.line == 1);
  CHECK(d.message.find("metrics: 127.0.0.1:9464") != std::string::npos);

  parse_with(project, "{adress: 127.0.0.1:9464}", problems);
  CHECK_FALSE(problems.empty());
}
