#include "topology_dir.hpp"

#include <fstream>

#include <doctest/doctest.h>

namespace sfsup_test {

Run sfsup_with_run_dir(const std::filesystem::path& run_dir, std::vector<std::string> args,
                       std::map<std::string, std::string> env, std::chrono::milliseconds timeout) {
  std::vector<std::string> argv{sftest::sfsup_binary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--run-dir", run_dir.string()});
  auto p = sftest::Process::spawn(argv, {.env = std::move(env)});
  auto status = p.wait_exit(timeout);
  REQUIRE_MESSAGE(status.has_value(), "sfsup did not finish: " << p.output());
  return Run{*status, p.output()};
}

TopologyDir::~TopologyDir() {
  if (std::filesystem::exists(run_dir() / "control.sock")) sfsup({"down"});
}

void TopologyDir::write(const std::string& yaml) const { std::ofstream(topology()) << yaml; }

sftest::Process TopologyDir::up_foreground() const {
  return sftest::Process::spawn(
      {sftest::sfsup_binary().string(), "up", topology().string(), "--run-dir", run_dir().string()});
}

json TopologyDir::status() const {
  auto run = sfsup({"status", "--json"});
  REQUIRE_MESSAGE(run.ok(), run.output);
  return json::parse(run.output);
}

}  // namespace sfsup_test
