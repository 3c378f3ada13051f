// The example topologies in topologies/ (what README's first command runs):
// they must pass `sfsup check`, and market.yaml — every connection and state
// type at once — must come up, trade, and come down on SIGINT.
#include <signal.h>

#include <fstream>
#include <regex>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"

using namespace sfsup_test;
using sftest::Process;

namespace {

// The example files find plugins by name on `service_path: [../build/services]`;
// point that at this build tree's plugins, wherever it is, in a temp copy.
std::filesystem::path copy_topology(const sftest::TempDir& tmp, const std::string& name) {
  std::string yaml = sftest::read_file(sftest::source_dir() / "topologies" / name);
  yaml = std::regex_replace(yaml, std::regex(R"(\.\./build/services)"), (sftest::build_dir() / "services").string());
  auto copy = tmp / name;
  std::ofstream(copy) << yaml;
  return copy;
}

Run run_sfsup(std::vector<std::string> args) {
  args.insert(args.begin(), sftest::sfsup_binary().string());
  auto p = Process::spawn(args);
  auto status = p.wait_exit(60s);
  REQUIRE_MESSAGE(status.has_value(), p.output());
  return Run{*status, p.output()};
}

}  // namespace

TEST_CASE("the example topologies pass sfsup check") {
  sftest::TempDir tmp;
  for (const char* name : {"dev.yaml", "market.yaml"}) {
    CAPTURE(name);
    auto check = run_sfsup({"check", copy_topology(tmp, name).string()});
    CHECK_MESSAGE(check.ok(), check.output);
  }
}

TEST_CASE("market.yaml: feed and book state reach the strategy - its orders fill - SIGINT stops all") {
  sftest::TempDir tmp;
  auto topology = copy_topology(tmp, "market.yaml");
  auto up = Process::spawn({sftest::sfsup_binary().string(), "up", topology.string(), "--run-dir", (tmp / "run").string()});
  REQUIRE_MESSAGE(up.wait_for_output("all 4 services of 'market' are ready", 60s), up.output());

  // An order needs a tick (publisher -> subscriber), a synchronised book
  // (delta state) and a reply (requester -> replyer).
  REQUIRE_MESSAGE(up.wait_for_output("filled as ord-", 60s), up.output());
  REQUIRE_MESSAGE(up.wait_for_output(" -> ord-", 60s), up.output());  // the strategy's own line
  const std::string out = up.output();
  std::smatch fill;
  REQUIRE(std::regex_search(out, fill, std::regex(R"(strategy: tick \d+: (buy|sell) at [0-9.]+ -> ord-)")));

  // The order carries the tick's workflow id (the feed's leading edge: a UUID),
  // as is: it is the strategy handler's first send (the Python numbering).
  std::smatch traced;
  REQUIRE(std::regex_search(out, traced, std::regex(R"(filled as ord-\d+ \(workflow ([0-9a-f-]{36})\))")));
  CHECK(out.find("[" + traced[1].str() + "] strategy: tick") != std::string::npos);

  up.signal(SIGINT);
  auto exit = up.wait_exit(60s);
  REQUIRE_MESSAGE(exit.has_value(), up.output());
  CHECK(sftest::exited_with(*exit, 0));
  CHECK_MESSAGE(up.output().find("orders filled") != std::string::npos, up.output());  // execution's sigint_handler
}
