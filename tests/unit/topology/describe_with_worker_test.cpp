// describe_with_worker() against stand-in workers: tiny shell scripts that
// print what `service_framework --describe` would, or fail like it could.
#include <sys/stat.h>

#include "planning/plan_topology.hpp"
#include "topology_fixtures.hpp"

using namespace topotest;

namespace {

fs::path script(const TempDir& dir, const std::string& name, const std::string& body) {
  const fs::path path = dir.path() / name;
  write_file(path, "#!/bin/sh\n" + body);
  ::chmod(path.c_str(), 0755);
  return path;
}

}  // namespace

TEST_CASE("describe_with_worker parses the worker's stdout and caches per plugin") {
  TempDir dir;
  const fs::path calls = dir.path() / "calls";
  // Echoes its arguments back inside the JSON so the test sees the command line.
  const auto worker = script(dir, "worker", "echo x >> '" + calls.string() +
                                                "'\nprintf '{\"service\": \"echo\", \"argv\": \"%s %s %s\"}' \"$1\" \"$2\" \"$3\"\n");
  write_file(dir.path() / "libecho.so", "");
  const auto describe = sfsup::describe_with_worker(worker);
  const json first = describe(dir.path() / "libecho.so");
  CHECK(first["service"] == "echo");
  CHECK(first["argv"] == "--sf-describe -s " + (dir.path() / "libecho.so").string());
  const json again = describe(dir.path() / "." / "libecho.so");  // same file, other spelling
  CHECK(again == first);
  std::ifstream in(calls);
  std::string all_calls((std::istreambuf_iterator<char>(in)), {});
  CHECK(all_calls == "x\n");
}

TEST_CASE("describe_with_worker failures are one line with the worker's stderr") {
  TempDir dir;
  write_file(dir.path() / "libx.so", "");
  SUBCASE("non-zero exit") {
    const auto worker = script(dir, "worker", "echo 'loading...' >&2\necho 'error: undefined symbol: sf_service' >&2\nexit 3\n");
    try {
      sfsup::describe_with_worker(worker)(dir.path() / "libx.so");
      FAIL("expected an error");
    } catch (const std::runtime_error& e) {
      const std::string what = e.what();
      CHECK(what == "`worker --describe` exited with status 3: loading... | error: undefined symbol: sf_service");
    }
  }
  SUBCASE("not JSON") {
    const auto worker = script(dir, "worker", "echo 'usage: worker ...'\n");
    CHECK_THROWS_WITH_AS(sfsup::describe_with_worker(worker)(dir.path() / "libx.so"),
                         doctest::Contains("printed no valid JSON"), std::runtime_error);
  }
  SUBCASE("no such worker") {
    CHECK_THROWS_WITH_AS(sfsup::describe_with_worker(dir.path() / "nope")(dir.path() / "libx.so"),
                         doctest::Contains("is not an executable file"), std::runtime_error);
  }
  SUBCASE("the error reaches check_topology as a diagnostic at service:") {
    const auto worker = script(dir, "worker", "echo 'boom' >&2\nexit 1\n");
    write_file(dir.path() / "t.yaml", "services:\n  x:\n    service: libx.so\n");
    const auto diagnostics = sfsup::check_topology(dir.path() / "t.yaml", sfsup::describe_with_worker(worker));
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].line == 3);
    CHECK(diagnostics[0].message.find("plugin libx.so cannot be described: `worker --describe` exited "
                                      "with status 1: boom") == 0);
  }
}
