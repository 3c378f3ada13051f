// `sfsup up` on a running topology acts on the difference only, and
// `restart` says when it is running an older plan than the file on disk.
#include <sys/stat.h>

#include <fstream>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"
#include "topology_dir.hpp"

using namespace sfsup_test;
using sftest::Process;

namespace {

std::string echo_service(const std::string& name, const std::string& prefix,
                         const std::string& extra = "") {
  return "  " + name + ":\n    service: " + sftest::plugin("echo").string() +
         "\n    config: {prefix: \"" + prefix + "\"}\n    connections:\n      in: {echo: {}}\n" + extra;
}

// Each test writes the services of one topology named "rec".
struct TopologyRun : TopologyDir {
  void write(const std::string& services) const { TopologyDir::write("name: rec\nservices:\n" + services); }
  std::map<std::string, json> services() const {
    std::map<std::string, json> out;
    const json all = status();  // kept: a range over status()["services"] would outlive it
    for (const auto& s : all["services"]) out[s["name"].get<std::string>()] = s;
    return out;
  }
};

}  // namespace

TEST_CASE("up on a running topology restarts the changed - starts the new - stops the removed") {
  REQUIRE(std::filesystem::exists(sftest::plugin("echo")));
  TopologyRun run;
  run.write(echo_service("keep", "k: ") + echo_service("change", "a: ") +
            echo_service("tuned", "t: ") + echo_service("gone", "g: "));
  auto up = run.sfsup({"up", run.topology().string(), "-d"});
  REQUIRE_MESSAGE(up.ok(), up.output);
  auto before = run.services();

  auto same = run.sfsup({"up", run.topology().string(), "-d"});
  REQUIRE_MESSAGE(same.ok(), same.output);
  CHECK(same.output.find("nothing changed: 4 services of 'rec' run as planned") != std::string::npos);
  for (auto& [name, s] : run.services()) CHECK(s["pid"] == before[name]["pid"]);

  ExitWatch gone(before["gone"]["pid"].get<pid_t>());
  ExitWatch changed(before["change"]["pid"].get<pid_t>());
  run.write(echo_service("keep", "k: ") + echo_service("change", "b: ") +
            echo_service("tuned", "t: ", "    stop_timeout_s: 3\n") + echo_service("fresh", "f: "));
  auto apply = run.sfsup({"up", "-d"});  // the running topology's file, read again
  REQUIRE_MESSAGE(apply.ok(), apply.output);
  CHECK(apply.output.find("stopped gone (removed from the topology)") != std::string::npos);
  CHECK(apply.output.find("restarted change (config changed)") != std::string::npos);
  CHECK(apply.output.find("restarted tuned (restart settings changed)") != std::string::npos);
  CHECK(apply.output.find("started fresh (new)") != std::string::npos);
  CHECK(apply.output.find("keep") == std::string::npos);
  CHECK(gone.wait(0ms));
  CHECK(changed.wait(0ms));

  auto after = run.services();
  CHECK(after.size() == 4);
  CHECK(after.count("gone") == 0);
  CHECK(after["keep"]["pid"] == before["keep"]["pid"]);
  CHECK(after["change"]["pid"] != before["change"]["pid"]);
  for (auto& [name, s] : after) CHECK_MESSAGE(s["state"] == "ready", name);
  const json config = json::parse(sftest::read_file(run.run_dir() / "workers" / "change" / "config.json"));
  CHECK(config["prefix"] == "b: ");

  // restart keeps the planned config, and says that the file has moved on.
  run.write(echo_service("keep", "k: ") + echo_service("change", "c: ") +
            echo_service("tuned", "t: ", "    stop_timeout_s: 3\n") + echo_service("fresh", "f: "));
  auto restart = run.sfsup({"restart", "change"});
  REQUIRE_MESSAGE(restart.ok(), restart.output);
  CHECK(restart.output.find("changed since it was planned") != std::string::npos);
  CHECK(restart.output.find("run `sfsup up` to apply the edit") != std::string::npos);
  const json kept = json::parse(sftest::read_file(run.run_dir() / "workers" / "change" / "config.json"));
  CHECK(kept["prefix"] == "b: ");

  // Another topology file in the same run directory is refused, not mixed in.
  sftest::TempDir other;
  std::ofstream(other / "other.yaml") << "name: other\nservices:\n" << echo_service("x", "x: ");
  auto refused = run.sfsup({"up", (other / "other.yaml").string(), "-d"});
  CHECK(sftest::exited_with(refused.status, 1));
  CHECK(refused.output.find("from another topology") != std::string::npos);
}

TEST_CASE("up after down rewrites the worker files whose content changed and leaves the others alone") {
  REQUIRE(std::filesystem::exists(sftest::plugin("echo")));
  TopologyRun run;
  run.write(echo_service("same", "s: ") + echo_service("edited", "a: "));
  auto up = run.sfsup({"up", run.topology().string(), "-d"});
  REQUIRE_MESSAGE(up.ok(), up.output);
  REQUIRE(run.sfsup({"down"}).ok());
  const auto workers = run.run_dir() / "workers";
  struct stat same_before {}, edited_before {};
  REQUIRE(::stat((workers / "same" / "config.json").c_str(), &same_before) == 0);
  REQUIRE(::stat((workers / "edited" / "config.json").c_str(), &edited_before) == 0);

  run.write(echo_service("same", "s: ") + echo_service("edited", "b: "));
  auto again = run.sfsup({"up", run.topology().string(), "-d"});
  REQUIRE_MESSAGE(again.ok(), again.output);
  const json edited = json::parse(sftest::read_file(workers / "edited" / "config.json"));
  CHECK(edited["prefix"] == "b: ");
  struct stat same_after {};
  REQUIRE(::stat((workers / "same" / "config.json").c_str(), &same_after) == 0);
  CHECK(same_after.st_ino == same_before.st_ino);
  CHECK(same_after.st_mtim.tv_nsec == same_before.st_mtim.tv_nsec);
  CHECK((same_after.st_mode & 07777) == 0600);
  // The worker runs with the new file: its replies carry the new prefix.
  auto call = run.sfsup({"call", "edited.echo", R"({"text": "hi"})"});
  CHECK_MESSAGE(call.output.find("b: hi") != std::string::npos, call.output);
}
