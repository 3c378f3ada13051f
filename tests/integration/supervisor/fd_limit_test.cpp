// sfsup's descriptor budget: it lifts its soft RLIMIT_NOFILE to the hard
// limit, and when even the hard limit is too low for the topology it says so
// in one line (needed, available, the fix) and carries on.
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"

using namespace sfsup_test;
using sftest::Process;

namespace {

// `sfsup up -d` under a shell's `ulimit <limit_flags>`, as a user would run it.
Run up_with_limits(Cluster& cluster, const std::string& limit_flags) {
  auto p = Process::spawn({"/bin/sh", "-c", "ulimit " + limit_flags + " && exec \"$0\" \"$@\"",
                           sftest::sfsup_binary().string(), "up", "--plan", cluster.plan_file().string(), "-d",
                           "--run-dir", cluster.run_dir().string()});
  auto status = p.wait_exit(90s);
  REQUIRE_MESSAGE(status.has_value(), "sfsup did not return: " << p.output());
  return Run{*status, p.output()};
}

std::vector<ShellWorker> idle_workers(int n) {
  std::vector<ShellWorker> workers;
  for (int i = 0; i < n; ++i) {
    const std::string name = "s" + std::to_string(i);
    workers.push_back({.name = name, .script = idle_worker_script(name)});
  }
  return workers;
}

// "Max open files  <soft>  <hard>  files" from /proc/<pid>/limits.
std::pair<std::string, std::string> open_files_limit(pid_t pid) {
  std::ifstream limits("/proc/" + std::to_string(pid) + "/limits");
  std::string line;
  while (std::getline(limits, line)) {
    if (line.rfind("Max open files", 0) != 0) continue;
    std::istringstream fields(line.substr(std::string("Max open files").size()));
    std::string soft, hard;
    fields >> soft >> hard;
    return {soft, hard};
  }
  return {};
}

}  // namespace

TEST_CASE("sfsup raises its soft descriptor limit to the hard limit") {
  Cluster cluster(idle_workers(2));
  // A low soft limit under a hard one that is high enough.
  const Run up = up_with_limits(cluster, "-Sn 40");
  REQUIRE_MESSAGE(up.ok(), up.output);
  CHECK(up.output.find("too few file descriptors") == std::string::npos);
  const pid_t supervisor = cluster.status()["supervisor_pid"];
  const auto [soft, hard] = open_files_limit(supervisor);
  REQUIRE_FALSE(hard.empty());
  CHECK(soft == hard);
  CHECK(soft != "40");
}

TEST_CASE("sfsup says in one line when the hard descriptor limit is too low for the topology") {
  // 10 services: 2 pipes each plus sfsup's own allowance of 64 is 84 descriptors.
  Cluster cluster(idle_workers(10));
  const Run up = up_with_limits(cluster, "-n 80");  // soft and hard
  INFO(up.output);
  const auto at = up.output.find("too few file descriptors");
  REQUIRE(at != std::string::npos);
  const std::string line = up.output.substr(at, up.output.find('\n', at) - at);
  CHECK(line.find("needs about 84 for 10 services") != std::string::npos);
  CHECK(line.find("may open only 80") != std::string::npos);
  CHECK(line.find("ulimit -Hn 84") != std::string::npos);
  // A warning, not a refusal: 80 is enough to run these ten.
  CHECK(up.ok());
  CHECK(cluster.status()["services"].size() == 10);
}
