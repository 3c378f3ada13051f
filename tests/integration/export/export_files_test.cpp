// `sfsup export kubernetes|compose` on the example topologies: what the
// files say (read back with yaml-cpp) and that two exports are identical.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "export_helpers.hpp"

using namespace sfexport_test;

namespace {

std::map<std::string, std::string> files_in(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    files[entry.path().filename().string()] = sftest::read_file(entry.path());
  return files;
}

// The document of `kind` in a multi-document file.
YAML::Node document(const std::filesystem::path& file, const std::string& kind) {
  for (const auto& doc : YAML::LoadAllFromFile(file.string()))
    if (doc["kind"].as<std::string>() == kind) return doc;
  FAIL("no " << kind << " in " << file.string());
  return {};
}

}  // namespace

TEST_CASE("export kubernetes twice gives byte-identical files") {
  sftest::TempDir tmp;
  for (const char* topology : {"market.yaml", "dev.yaml"}) {
    CAPTURE(topology);
    const auto file = (sftest::source_dir() / "topologies" / topology).string();
    auto first = sfsup({"export", "kubernetes", file, "-o", (tmp / "a").string()});
    auto second = sfsup({"export", "kubernetes", file, "-o", (tmp / "b").string()});
    REQUIRE_MESSAGE(sftest::exited_with(first.status, 0), first.output);
    REQUIRE_MESSAGE(sftest::exited_with(second.status, 0), second.output);
    const auto a = files_in(tmp / "a");
    CHECK(a.size() > 2);
    CHECK(a == files_in(tmp / "b"));
    auto printed_once = sfsup({"export", "kubernetes", file});
    auto printed_twice = sfsup({"export", "kubernetes", file});
    CHECK(printed_once.output == printed_twice.output);
    std::filesystem::remove_all(tmp / "a");
    std::filesystem::remove_all(tmp / "b");
  }
}

TEST_CASE("export compose twice gives byte-identical files") {
  sftest::TempDir tmp;
  const auto file = (sftest::source_dir() / "topologies" / "market.yaml").string();
  auto first = sfsup({"export", "compose", file, "-o", (tmp / "a").string()});
  auto second = sfsup({"export", "compose", file, "-o", (tmp / "b").string()});
  REQUIRE_MESSAGE(sftest::exited_with(first.status, 0), first.output);
  REQUIRE_MESSAGE(sftest::exited_with(second.status, 0), second.output);
  CHECK(sftest::read_file(tmp / "a" / "compose.yaml") == sftest::read_file(tmp / "b" / "compose.yaml"));
}

TEST_CASE("export kubernetes wires market by Service names and keeps sfsup's settings") {
  sftest::TempDir tmp;
  const auto out = tmp / "k8s";
  auto run = sfsup({"export", "kubernetes", (sftest::source_dir() / "topologies" / "market.yaml").string(), "-o",
                    out.string(), "--namespace", "trading", "--image", "registry.example/sf:1"});
  REQUIRE_MESSAGE(sftest::exited_with(run.status, 0), run.output);

  // strategy connects to execution's Service by name, on the port execution binds.
  const auto strategy_files =
      YAML::Load(document(out / "strategy.yaml", "ConfigMap")["data"]["addresses.json"].as<std::string>());
  const auto orders = strategy_files["connections"]["out"]["orders"]["requester"].as<std::string>();
  REQUIRE(orders.rfind("tcp://execution.trading.svc:", 0) == 0);
  const std::string port = orders.substr(orders.rfind(':') + 1);
  const auto execution_files =
      YAML::Load(document(out / "execution.yaml", "ConfigMap")["data"]["addresses.json"].as<std::string>());
  CHECK(execution_files["connections"]["in"]["orders"]["replyer"].as<std::string>() == "tcp://*:" + port);
  const auto service = document(out / "execution.yaml", "Service");
  CHECK(service["metadata"]["namespace"].as<std::string>() == "trading");
  CHECK(service["spec"]["type"].as<std::string>() == "ClusterIP");
  CHECK(service["spec"]["ports"][0]["port"].as<std::string>() == port);
  CHECK(service["metadata"]["annotations"]["service-framework/sockets"].as<std::string>() ==
        port + "=in.orders.replyer");
  // strategy binds nothing: no Service for it.
  for (const auto& doc : YAML::LoadAllFromFile((out / "strategy.yaml").string()))
    CHECK(doc["kind"].as<std::string>() != "Service");

  // execution serves (Deployment); the main leading edges run to completion (Jobs).
  const auto deployment = document(out / "execution.yaml", "Deployment");
  const auto pod = deployment["spec"]["template"]["spec"];
  CHECK(pod["terminationGracePeriodSeconds"].as<int>() == 10);
  CHECK(pod["containers"][0]["image"].as<std::string>() == "registry.example/sf:1");
  CHECK(pod["containers"][0]["readinessProbe"]["exec"]["command"][2].as<std::string>() == "/tmp/sf-ready");
  CHECK(deployment["metadata"]["labels"]["app.kubernetes.io/part-of"].as<std::string>() == "market");
  const auto job = document(out / "book-builder.yaml", "Job");
  CHECK(job["metadata"]["labels"]["app.kubernetes.io/component"].as<std::string>() == "book-publisher");
  const auto command = job["spec"]["template"]["spec"]["containers"][0]["command"];
  bool main_mode = false;
  for (const auto& word : command) main_mode = main_mode || word.as<std::string>() == "-m";
  CHECK(main_mode);
  CHECK(document(out / "00-namespace.yaml", "Namespace")["metadata"]["name"].as<std::string>() == "trading");
}

TEST_CASE("export kubernetes makes a leading edge wait for the replyer it calls") {
  sftest::TempDir tmp;
  const auto out = tmp / "k8s";
  auto run =
      sfsup({"export", "kubernetes", (sftest::source_dir() / "topologies" / "dev.yaml").string(), "-o", out.string()});
  REQUIRE_MESSAGE(sftest::exited_with(run.status, 0), run.output);
  const auto pinger = document(out / "pinger.yaml", "Job")["spec"]["template"]["spec"];
  REQUIRE(pinger["initContainers"].IsSequence());
  const auto script = pinger["initContainers"][0]["command"][2].as<std::string>();
  const auto echo_port = document(out / "echo.yaml", "Service")["spec"]["ports"][0]["port"].as<std::string>();
  CHECK(script.find("echo.dev.svc:" + echo_port) != std::string::npos);
  // A served service never waits: ZeroMQ connects lazily.
  CHECK_FALSE(document(out / "echo.yaml", "Deployment")["spec"]["template"]["spec"]["initContainers"]);
}

TEST_CASE("export compose orders services with depends_on service_healthy") {
  auto run = sfsup({"export", "compose", (sftest::source_dir() / "topologies" / "dev.yaml").string()});
  REQUIRE_MESSAGE(sftest::exited_with(run.status, 0), run.output);
  const auto compose = YAML::Load(run.output);
  CHECK(compose["services"]["pinger"]["depends_on"]["echo"]["condition"].as<std::string>() == "service_healthy");
  CHECK(compose["services"]["echo"]["healthcheck"]["test"][3].as<std::string>() == "/tmp/sf-ready");
  const auto pinger_addresses = YAML::Load(compose["configs"]["pinger-addresses"]["content"].as<std::string>());
  CHECK(pinger_addresses["connections"]["out"]["echo"]["requester"].as<std::string>().rfind("tcp://echo:", 0) == 0);
}
