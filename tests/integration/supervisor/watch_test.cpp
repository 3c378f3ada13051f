// `sfsup watch` and `sfsup up --watch`: a rebuilt plugin or an edited config
// file restarts its service, once the new plugin loads; a plugin that does
// not load leaves the old worker running with one line saying why.
#include <signal.h>

#include <fstream>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"
#include "topology_dir.hpp"

using namespace sfsup_test;
using sftest::Process;

namespace {

class WatchedTopology : public TopologyDir {
 public:
  WatchedTopology() {
    std::filesystem::create_directories(dir() / "plugins");
    std::filesystem::copy_file(sftest::plugin("echo"), plugin());
    write_config("1: ");
    write("name: watched\nservices:\n  echo:\n    service: plugins/libecho.so\n"
           "    config_file: echo.json\n    connections:\n      in: {echo: {}}\n");
  }
  std::filesystem::path plugin() const { return dir() / "plugins" / "libecho.so"; }
  void write_config(const std::string& prefix) {
    std::ofstream(dir() / "echo.json") << "{\"prefix\": \"" << prefix << "\"}\n";
  }
  // What a rebuild does: the same plugin, other bytes (trailing data is
  // ignored by the loader), put in place as linkers do: a new file, so the
  // running worker's mapping of the old one stays intact.
  void rebuild_plugin(const std::string& marker) {
    const auto next = dir() / "plugins" / "libecho.so.new";
    std::filesystem::copy_file(sftest::plugin("echo"), next);
    std::ofstream(next, std::ios::app | std::ios::binary) << marker;
    std::filesystem::rename(next, plugin());
  }
  void break_plugin() {
    std::filesystem::remove(plugin());
    std::ofstream(plugin()) << "half-written, not an ELF file";
  }
  json echo() {
    const json all = json::parse(sfsup({"status", "--json"}).output);
    return all["services"][0];
  }
};

}  // namespace

TEST_CASE("watch restarts a service when its plugin is rebuilt or its config file changes") {
  REQUIRE(std::filesystem::exists(sftest::plugin("echo")));
  WatchedTopology t;
  auto up = t.sfsup({"up", t.topology().string(), "-d"});
  REQUIRE_MESSAGE(up.ok(), up.output);
  const pid_t first = t.echo()["pid"];

  auto watch = Process::spawn({sftest::sfsup_binary().string(), "watch", "--run-dir", t.run_dir().string()});
  REQUIRE_MESSAGE(watch.wait_for_output("watching 3 files of 'watched'"), watch.output());

  // A plugin that does not load (a build still writing it): the old worker stays.
  t.break_plugin();
  REQUIRE_MESSAGE(watch.wait_for_output("watch: not applied, the running workers keep running: ", 60s),
                  watch.output());
  REQUIRE(watch.wait_for_output("\n"));
  INFO(watch.output());
  CHECK(watch.output().find("libecho.so") != watch.output().rfind("libecho.so"));  // named in the why too
  CHECK(t.echo()["pid"] == first);
  CHECK(t.echo()["state"] == "ready");

  t.rebuild_plugin("rebuild 1");
  REQUIRE_MESSAGE(watch.wait_for_output("restarted echo (plugin file changed)", 60s), watch.output());
  const pid_t second = t.echo()["pid"];
  CHECK(second != first);
  CHECK(t.echo()["state"] == "ready");

  t.write_config("2: ");
  REQUIRE_MESSAGE(watch.wait_for_output("restarted echo (config changed)", 60s), watch.output());
  CHECK(t.echo()["pid"] != second);

  REQUIRE(t.sfsup({"down"}).ok());
  auto ended = watch.wait_exit(30s);  // the topology is gone: nothing left to watch
  REQUIRE(ended.has_value());
  CHECK(sftest::exited_with(*ended, 0));
}

TEST_CASE("up --watch follows the files while it runs in the foreground") {
  REQUIRE(std::filesystem::exists(sftest::plugin("echo")));
  WatchedTopology t;
  auto up = Process::spawn({sftest::sfsup_binary().string(), "up", t.topology().string(), "--watch",
                            "--run-dir", t.run_dir().string()});
  REQUIRE_MESSAGE(up.wait_for_output("watching 3 files of 'watched'"), up.output());
  REQUIRE(up.wait_for_output("is ready"));
  t.write_config("2: ");
  REQUIRE_MESSAGE(up.wait_for_output("restarted echo (config changed)", 60s), up.output());
  up.signal(SIGINT);
  auto ended = up.wait_exit(60s);
  REQUIRE_MESSAGE(ended.has_value(), up.output());
  CHECK(sftest::exited_with(*ended, 0));
}
