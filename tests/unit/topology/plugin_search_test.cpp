// `service: <name>` lookup: service_path:, then SF_SERVICE_PATH, then the
// installed examples; paths stay relative to the topology file.
#include <cstdlib>

#include "topology/parse_topology.hpp"
#include "topology/plugin_search.hpp"
#include "topology_fixtures.hpp"

using namespace topotest;

namespace {

// SF_SERVICE_PATH for one test, restored after.
class ServicePathEnv {
 public:
  explicit ServicePathEnv(const std::string& value) {
    if (const char* old = std::getenv("SF_SERVICE_PATH")) old_ = old;
    ::setenv("SF_SERVICE_PATH", value.c_str(), 1);
  }
  ~ServicePathEnv() {
    if (old_) ::setenv("SF_SERVICE_PATH", old_->c_str(), 1);
    else ::unsetenv("SF_SERVICE_PATH");
  }

 private:
  std::optional<std::string> old_;
};

sfsup::Topology parse(Project& project, const std::string& yaml, std::vector<sfsup::Diagnostic>& out) {
  const auto file = project.topology(yaml);
  sfsup::Diagnostics diagnostics(file.string());
  auto topology = sfsup::parse_topology(file, diagnostics);
  out = diagnostics.sorted();
  return topology;
}

}  // namespace

TEST_CASE("a bare name is found as lib<name>.so in the topology's service_path") {
  Project project;
  std::vector<sfsup::Diagnostic> problems;
  const auto t = parse(project, "service_path: [../build/services]\nservices:\n  e:\n    service: echo\n",
                       problems);
  INFO(all(problems));
  CHECK(problems.empty());
  REQUIRE(t.services.size() == 1);
  CHECK(t.services[0].plugin == project.root() / "build/services/libecho.so");
  CHECK(t.services[0].plugin_origin == "service_path");
  CHECK(t.services[0].plugin_ref == "echo");
}

TEST_CASE("service_path may come after services and be a single folder") {
  Project project;
  std::vector<sfsup::Diagnostic> problems;
  const auto t = parse(project, "services:\n  e:\n    service: pinger\nservice_path: ../build/services\n",
                       problems);
  INFO(all(problems));
  CHECK(problems.empty());
  CHECK(t.services.at(0).plugin == project.root() / "build/services/libpinger.so");
}

TEST_CASE("SF_SERVICE_PATH is searched after service_path and before the installed folder") {
  Project project;
  write_file(project.root() / "elsewhere/libmine.so", "");
  write_file(project.root() / "other/libecho.so", "");
  ServicePathEnv env((project.root() / "nothing-here").string() + ":" + (project.root() / "elsewhere").string() +
                     ":" + (project.root() / "other").string());
  std::vector<sfsup::Diagnostic> problems;
  const auto t = parse(project,
                       "service_path: [../build/services]\nservices:\n  a: {service: mine}\n  b: {service: echo}\n",
                       problems);
  INFO(all(problems));
  CHECK(problems.empty());
  CHECK(t.services.at(0).plugin == project.root() / "elsewhere/libmine.so");
  CHECK(t.services.at(0).plugin_origin == "SF_SERVICE_PATH");
  // service_path wins over SF_SERVICE_PATH for a name both have.
  CHECK(t.services.at(1).plugin == project.root() / "build/services/libecho.so");

  const auto dirs = sfsup::plugin_search_dirs({project.root() / "sp"});
  REQUIRE(dirs.size() == 5);
  CHECK(dirs[0].origin == "service_path");
  CHECK(dirs[1].origin == "SF_SERVICE_PATH");
  CHECK(dirs[3].origin == "SF_SERVICE_PATH");
  CHECK(dirs[4].origin == "installed");
  // Relative to the running program: <prefix>/bin/x -> <prefix>/lib/service_framework/services.
  CHECK(dirs[4].dir.filename() == "services");
  CHECK(dirs[4].dir.parent_path().filename() == "service_framework");
}

TEST_CASE("a name found nowhere is one located line listing every folder searched") {
  Project project;
  ServicePathEnv env((project.root() / "env-dir").string());
  std::vector<sfsup::Diagnostic> problems;
  const auto t = parse(project, "service_path: [../build/services]\nservices:\n  e:\n    service: nosuch\n",
                       problems);
  const auto d = expect_one(problems, "service plugin 'nosuch' not found");
  CHECK(d.line == 4);
  CHECK(d.column == 14);
  CHECK(d.message.find("libnosuch.so") != std::string::npos);
  CHECK(d.message.find((project.root() / "build/services").string() + " (service_path)") != std::string::npos);
  CHECK(d.message.find((project.root() / "env-dir").string() + " (SF_SERVICE_PATH)") != std::string::npos);
  CHECK(d.message.find("(installed)") != std::string::npos);
  CHECK(d.message.find("service_path:") != std::string::npos);  // the fix
  CHECK(t.services.at(0).plugin.empty());
}

TEST_CASE("a reference with a slash or .so is a path relative to the topology file") {
  CHECK_FALSE(sfsup::is_plugin_name("../build/services/libecho.so"));
  CHECK_FALSE(sfsup::is_plugin_name("libecho.so"));
  CHECK(sfsup::is_plugin_name("echo"));
  CHECK(sfsup::is_plugin_name("order_router"));
  Project project;
  std::vector<sfsup::Diagnostic> problems;
  const auto t = parse(project, "services:\n  e:\n    service: libecho.so\n", problems);
  CHECK(problems.empty());
  CHECK(t.services.at(0).plugin == project.root() / "topologies/libecho.so");
  CHECK(t.services.at(0).plugin_origin == "path");
}

TEST_CASE("service_path must be folders") {
  Project project;
  std::vector<sfsup::Diagnostic> problems;
  parse(project, "service_path: {a: b}\nservices:\n  e:\n    service: ../build/services/libecho.so\n", problems);
  const auto d = expect_one(problems, "'service_path' is a folder or a list of folders");
  CHECK(d.line == 1);
}
