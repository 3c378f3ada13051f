// `security: curve`: read and checked (nothing may connect outside the
// topology), then planned into one keys file per service that wires exactly
// the linked sockets' keys, kept across re-plans, written without following links.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "topology_fixtures.hpp"

using namespace topotest;

namespace {

const std::string kPingEcho = R"(security: curve
services:
  echo:
    service: ../build/services/libecho.so
  pinger:
    service: ../build/services/libpinger.so
    main: true
    connections:
      out: {echo: {to: echo.echo}}
  other:
    service: ../build/services/libpinger.so
    main: true
    connections:
      out: {echo: {to: echo.echo}}
)";

sfsup::RunPlan plan(Project& project, const std::string& yaml) {
  try {
    return sfsup::plan_topology(project.topology(yaml), project.root() / "run", "/opt/sf/service_framework",
                                project.describe());
  } catch (const sfsup::TopologyError& e) {
    FAIL(e.what());
    throw;
  }
}

const sfsup::WorkerSpec& worker(const sfsup::RunPlan& plan, const std::string& name) {
  auto it = std::find_if(plan.workers.begin(), plan.workers.end(),
                         [&](const sfsup::WorkerSpec& w) { return w.name == name; });
  REQUIRE(it != plan.workers.end());
  return *it;
}

// The file after --sf-curve, or "" without one.
std::string curve_file(const sfsup::WorkerSpec& spec) {
  auto it = std::find(spec.argv.begin(), spec.argv.end(), "--sf-curve");
  return it == spec.argv.end() || it + 1 == spec.argv.end() ? std::string() : *(it + 1);
}

}  // namespace

TEST_CASE("security: a word other than curve or none is refused naming both") {
  Project project;
  auto d = only(project, "security: tls\nservices:\n  echo:\n    service: ../build/services/libecho.so\n",
                "'security'");
  CHECK(d.line == 1);
  CHECK(d.column == 11);
  CHECK(d.message == "'security' cannot be 'tls'; write security: curve (CURVE keys per service) or "
                     "security: none");
  CHECK(project.check("security: none\nservices:\n  echo:\n    service: ../build/services/libecho.so\n").empty());
}

TEST_CASE("security curve: a connector given an address no service of the topology binds is refused with the fix") {
  Project project;
  auto d = only(project, R"(security: curve
services:
  pinger:
    service: ../build/services/libpinger.so
    main: true
    connections:
      out: {echo: {address: "tcp://127.0.0.1:5555"}}
)",
                "security: curve");
  CHECK(d.line == 7);
  CHECK(d.message == "pinger.echo.requester connects to tcp://127.0.0.1:5555, which no service of "
                     "this topology binds, and security: curve only lets services of the topology "
                     "talk (an outside peer has no key sfsup knows); wire it with to: "
                     "<service>.<endpoint>, or remove security: curve");
}

TEST_CASE("security curve: a connector given the explicit address a service of the topology binds is fine") {
  Project project;
  const auto diagnostics = project.check(R"(security: curve
services:
  echo:
    service: ../build/services/libecho.so
    connections:
      in: {echo: {address: "tcp://127.0.0.1:5555"}}
  pinger:
    service: ../build/services/libpinger.so
    main: true
    connections:
      out: {echo: {address: "tcp://127.0.0.1:5555"}}
)");
  CHECK_MESSAGE(diagnostics.empty(), all(diagnostics));
}

TEST_CASE("security curve: each binding socket accepts exactly its wired clients and sfsup call - each connector pins its server") {
  Project project;
  const auto run = plan(project, kPingEcho);
  const json echo = read_json(curve_file(worker(run, "echo")));
  const json pinger = read_json(curve_file(worker(run, "pinger")));
  const json other = read_json(curve_file(worker(run, "other")));
  CHECK(curve_file(worker(run, "echo")) == (project.root() / "run" / "keys" / "echo.json").string());
  const json talk = read_json(project.root() / "run" / "keys" / "talk.sfsup.json");
  // The wired requesters, and sfsup's own key (call, tap, state).
  CHECK(echo["sockets"]["connections.in.echo.replyer"]["accept"] ==
        json::array({pinger["public_key"], other["public_key"], talk["public_key"]}));
  CHECK(pinger["sockets"] == json{{"connections.out.echo.requester", {{"server_key", echo["public_key"]}}}});
  CHECK(other["sockets"]["connections.out.echo.requester"]["server_key"] == echo["public_key"]);
  CHECK(pinger["public_key"] != other["public_key"]);
  CHECK(pinger["secret_key"].get<std::string>().size() == 40);
}

TEST_CASE("security curve: a re-plan keeps every service's key pair in a 0600 file") {
  Project project;
  const auto first = plan(project, kPingEcho);
  const json before = read_json(curve_file(worker(first, "echo")));
  const auto second = plan(project, kPingEcho);
  const json after = read_json(curve_file(worker(second, "echo")));
  CHECK(after["public_key"] == before["public_key"]);
  CHECK(after["secret_key"] == before["secret_key"]);
  struct stat st {};
  REQUIRE(::lstat((project.root() / "run" / "keys" / "echo.json").c_str(), &st) == 0);
  CHECK(S_ISREG(st.st_mode));
  CHECK((st.st_mode & 07777) == 0600);
}

TEST_CASE("security curve: a link planted as a keys file is neither read nor written through - it is replaced") {
  Project project;
  const auto first = plan(project, kPingEcho);
  const fs::path keys = project.root() / "run" / "keys";
  const fs::path target = project.root() / "target.json";
  // A well-formed pair the planter knows: it must not become echo's.
  fs::copy_file(keys / "pinger.json", target);
  const json planted = read_json(target.string());
  fs::remove(keys / "echo.json");
  fs::create_symlink(target, keys / "echo.json");

  const json after = read_json(curve_file(worker(plan(project, kPingEcho), "echo")));
  CHECK(after["public_key"] != planted["public_key"]);
  CHECK(read_json(target.string()) == planted);
  struct stat st {};
  REQUIRE(::lstat((keys / "echo.json").c_str(), &st) == 0);
  CHECK(S_ISREG(st.st_mode));
}

TEST_CASE("security curve: a keys directory that is a link is refused in one line - its target untouched") {
  Project project;
  const fs::path elsewhere = project.root() / "elsewhere";
  fs::create_directories(elsewhere);
  fs::permissions(elsewhere, fs::perms::owner_all, fs::perm_options::replace);
  fs::create_directories(project.root() / "run");
  fs::permissions(project.root() / "run", fs::perms::owner_all, fs::perm_options::replace);
  fs::create_directory_symlink(elsewhere, project.root() / "run" / "keys");
  try {
    sfsup::plan_topology(project.topology(kPingEcho), project.root() / "run", "/opt/sf/service_framework",
                         project.describe());
    FAIL("expected the keys link to be refused");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    CHECK_MESSAGE(what.find("keys") != std::string::npos, what);
    CHECK_MESSAGE(what.find("link") != std::string::npos, what);
    CHECK(what.find('\n') == std::string::npos);
  }
  CHECK(fs::is_empty(elsewhere));
}

TEST_CASE("security curve: a keys file others can read is not trusted - the service gets a new key pair") {
  Project project;
  const auto first = plan(project, kPingEcho);
  const std::string file = curve_file(worker(first, "echo"));
  const json before = read_json(file);
  REQUIRE(::chmod(file.c_str(), 0644) == 0);
  const json after = read_json(curve_file(worker(plan(project, kPingEcho), "echo")));
  CHECK(after["public_key"] != before["public_key"]);
}

TEST_CASE("without security curve no keys are written and workers get no --sf-curve") {
  Project project;
  std::string yaml = kPingEcho;
  yaml.erase(0, yaml.find('\n') + 1);
  const auto run = plan(project, yaml);
  for (const auto& w : run.workers) CHECK(curve_file(w).empty());
  CHECK_FALSE(fs::exists(project.root() / "run" / "keys"));
}
