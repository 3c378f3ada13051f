// What `sfsup up` on a running topology counts as a change of a service's
// plan, and the words it uses for it.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>

#include "supervision/plan_digest.hpp"

using sfsup::plan_differences;
using sfsup::plan_digest;
using sfsup::WorkerSpec;

namespace {

struct Files {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("sf-digest-" + std::to_string(::getpid()));
  Files() {
    std::filesystem::create_directories(dir);
    write("plugin.so", "plugin v1");
    write("config.json", R"({"prefix": "a"})");
  }
  ~Files() { std::filesystem::remove_all(dir); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir / name) << text; }
  WorkerSpec spec() const {
    WorkerSpec w;
    w.name = "echo";
    w.argv = {"/bin/true", "-s", (dir / "plugin.so").string(), "-c", (dir / "config.json").string()};
    return w;
  }
};

}  // namespace

TEST_CASE("an unchanged plan has no differences - also when its files are rewritten unchanged") {
  Files f;
  const auto before = plan_digest(f.spec());
  f.write("config.json", R"({"prefix": "a"})");  // `up` writes it again, same content
  CHECK(plan_differences(before, plan_digest(f.spec())).empty());
}

TEST_CASE("each kind of change is named in the user's words") {
  Files f;
  const auto before = plan_digest(f.spec());

  f.write("config.json", R"({"prefix": "b"})");
  CHECK(plan_differences(before, plan_digest(f.spec())) == std::vector<std::string>{"config"});
  f.write("config.json", R"({"prefix": "a"})");

  f.write("plugin.so", "plugin v2");
  CHECK(plan_differences(before, plan_digest(f.spec())) == std::vector<std::string>{"plugin file"});
  f.write("plugin.so", "plugin v1");

  auto env = f.spec();
  env.env["LEVEL"] = "debug";
  CHECK(plan_differences(before, plan_digest(env)) == std::vector<std::string>{"env"});

  auto restart = f.spec();
  restart.stop_timeout = std::chrono::milliseconds(3000);
  CHECK(plan_differences(before, plan_digest(restart)) == std::vector<std::string>{"restart settings"});

  auto endpoints = f.spec();
  endpoints.endpoints["in.echo.replyer"] = "ipc:///tmp/elsewhere";
  CHECK(plan_differences(before, plan_digest(endpoints)) == std::vector<std::string>{"endpoints"});

  auto args = f.spec();
  args.argv.insert(args.argv.end(), {"--count", "3"});
  CHECK(plan_differences(before, plan_digest(args)) == std::vector<std::string>{"args"});
}
