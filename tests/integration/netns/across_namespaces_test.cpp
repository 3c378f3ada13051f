// The exported plan across hosts: market.yaml (plus a book follower, to
// compare the book) exported for Kubernetes, every service run in its own
// network namespace with only the ConfigMap's addresses. The namespaces hang
// off a bridge in a namespace of their own, on 192.0.2.0/24 (documentation
// range), and resolve `<service>.market.svc` through /etc/netns/<ns>/hosts
// (which `ip netns exec` mounts over /etc/hosts): traffic never touches the
// machine's own interfaces. Root only: skipped with a message otherwise.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>

#include "process.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using sftest::Process;

namespace {

bool shell(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()) == 0; }

// Every namespace and hosts file this test makes, deleted however it ends.
class Network {
 public:
  explicit Network(std::string prefix) : prefix_(std::move(prefix)) {}
  ~Network() {
    for (const auto& ns : namespaces_) {
      shell("ip netns del " + ns);
      std::error_code ignored;
      fs::remove_all(fs::path("/etc/netns") / ns, ignored);
    }
  }
  std::string switch_ns() const { return prefix_ + "sw"; }
  bool make_switch() {
    namespaces_.push_back(switch_ns());
    return shell("ip netns add " + switch_ns()) && shell("ip -n " + switch_ns() + " link add br0 type bridge") &&
           shell("ip -n " + switch_ns() + " link set br0 up");
  }
  // A namespace with eth0 = address on the bridge; returns its name.
  std::string add_host(int index, const std::string& address) {
    const std::string ns = fmt::format("{}h{}", prefix_, index);
    namespaces_.push_back(ns);
    const std::string sw = "ip -n " + switch_ns();
    const bool ok = shell("ip netns add " + ns) &&
                    shell(fmt::format("{} link add v{} type veth peer name eth0 netns {}", sw, index, ns)) &&
                    shell(fmt::format("{} link set v{} master br0 up", sw, index)) &&
                    shell(fmt::format("ip -n {} addr add {}/24 dev eth0", ns, address)) &&
                    shell(fmt::format("ip -n {} link set eth0 up", ns)) &&
                    shell(fmt::format("ip -n {} link set lo up", ns));
    return ok ? ns : "";
  }
  void write_hosts(const std::string& ns, const std::string& hosts) {
    fs::create_directories(fs::path("/etc/netns") / ns);
    std::ofstream(fs::path("/etc/netns") / ns / "hosts") << hosts;
  }

 private:
  std::string prefix_;
  std::vector<std::string> namespaces_;
};

// A run killed before its destructors ran (ctest's timeout) leaves its
// namespaces behind: names carry the test's pid, so a dead pid's are removed.
void remove_orphans() {
  FILE* list = ::popen("ip netns list 2>/dev/null", "r");
  if (!list) return;
  char line[256];
  static const std::regex ours(R"(^sfx(\d+)(sw|h\d+)\b.*)");
  std::vector<std::string> orphans;
  while (std::fgets(line, sizeof line, list)) {
    std::cmatch m;
    line[std::strcspn(line, "\n")] = '\0';
    if (!std::regex_match(line, m, ours)) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(m[1].str()));
    if (::kill(pid, 0) != 0 && errno == ESRCH) orphans.push_back("sfx" + m[1].str() + m[2].str());
  }
  ::pclose(list);
  for (const auto& ns : orphans) {
    shell("ip netns del " + ns);
    std::error_code ignored;
    fs::remove_all(fs::path("/etc/netns") / ns, ignored);
  }
}

struct ExportedWorker {
  std::string name;
  std::vector<std::string> command;  // as in the manifest
  std::string addresses_json;
  std::string config_json;
};

std::vector<ExportedWorker> read_manifests(const fs::path& dir, const std::vector<std::string>& names) {
  std::vector<ExportedWorker> workers;
  for (const auto& name : names) {
    ExportedWorker w{name, {}, {}, {}};
    for (const auto& doc : YAML::LoadAllFromFile((dir / (name + ".yaml")).string())) {
      const auto kind = doc["kind"].as<std::string>();
      if (kind == "ConfigMap") {
        w.addresses_json = doc["data"]["addresses.json"].as<std::string>();
        w.config_json = doc["data"]["config.json"].as<std::string>();
      } else if (kind == "Deployment" || kind == "Job") {
        for (const auto& word : doc["spec"]["template"]["spec"]["containers"][0]["command"])
          w.command.push_back(word.as<std::string>());
      }
    }
    workers.push_back(std::move(w));
  }
  return workers;
}

// The pod's command with the image's paths pointed at this build and folder.
std::vector<std::string> local_argv(const ExportedWorker& w, const fs::path& dir) {
  std::vector<std::string> argv;
  for (const auto& word : w.command) {
    if (word == "service_framework")
      argv.push_back(sftest::worker_binary().string());
    else if (word.rfind("/usr/lib/service_framework/services/", 0) == 0)
      argv.push_back((sftest::build_dir() / "services" / fs::path(word).filename()).string());
    else if (word.rfind("/etc/sf/", 0) == 0)
      argv.push_back((dir / fs::path(word).filename()).string());
    else if (word == "/tmp/sf-ready")
      argv.push_back((dir / "ready").string());
    else
      argv.push_back(word);
  }
  argv.insert(argv.end(), {"--ready-fd", "3"});
  return argv;
}

}  // namespace

TEST_CASE("market exported for Kubernetes trades and converges across network namespaces") {
  if (::geteuid() != 0 || !shell("ip netns list")) {
    MESSAGE("SKIPPED: needs root and `ip netns` (iproute2) to make network namespaces");
    return;
  }
  remove_orphans();
  sftest::TempDir tmp;
  // market.yaml as shipped, plus a follower of the book to compare with the publisher.
  std::string yaml = sftest::read_file(sftest::source_dir() / "topologies" / "market.yaml");
  yaml = std::regex_replace(yaml, std::regex(R"(\.\./build/services)"), (sftest::build_dir() / "services").string());
  yaml +=
      "\n  follower:\n    service: book_follower\n    config: {log_every: 1}\n"
      "    states:\n      in: {book: {from: book_builder.book}, top: {from: book_builder.top}}\n";
  std::ofstream(tmp / "market.yaml") << yaml;
  auto exporting = Process::spawn({sftest::sfsup_binary().string(), "export", "kubernetes",
                                   (tmp / "market.yaml").string(), "-o", (tmp / "k8s").string()});
  auto exported = exporting.wait_exit(60s);
  REQUIRE_MESSAGE((exported && sftest::exited_with(*exported, 0)), exporting.output());

  // Start order as sfsup's: the served ones first, the leading edges last.
  const std::vector<std::string> names = {"execution", "strategy", "follower", "book-builder", "feed"};
  const auto workers = read_manifests(tmp / "k8s", names);

  Network network(fmt::format("sfx{}", ::getpid()));
  REQUIRE(network.make_switch());
  std::string hosts = "127.0.0.1 localhost\n";
  std::vector<std::string> namespaces;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string address = fmt::format("192.0.2.{}", 10 + i);
    namespaces.push_back(network.add_host(static_cast<int>(i), address));
    REQUIRE_MESSAGE(!namespaces.back().empty(), "could not make a network namespace for " << names[i]);
    hosts += fmt::format("{} {}.market.svc\n", address, names[i]);
  }
  for (const auto& ns : namespaces) network.write_hosts(ns, hosts);

  // Faster than the shipped rates, so the test takes seconds; a finite book
  // (300 deltas), so the publisher reports the checksum the follower must reach.
  const std::map<std::string, std::vector<std::string>> faster = {
      {"book-builder", {"--count", "300", "--rate_hz", "200"}}, {"feed", {"--rate_hz", "100"}}};
  std::map<std::string, Process> running;
  for (std::size_t i = 0; i < workers.size(); ++i) {
    const auto& w = workers[i];
    const fs::path dir = tmp / w.name;
    fs::create_directories(dir);
    std::ofstream(dir / "addresses.json") << w.addresses_json;
    std::ofstream(dir / "config.json") << w.config_json;
    std::vector<std::string> argv = {"ip", "netns", "exec", namespaces[i]};
    for (const auto& word : local_argv(w, dir)) argv.push_back(word);
    if (auto extra = faster.find(w.name); extra != faster.end())
      argv.insert(argv.end(), extra->second.begin(), extra->second.end());
    auto& p = running.emplace(w.name, Process::spawn(argv, {.ready_pipe = true})).first->second;
    REQUIRE_MESSAGE(p.wait_ready(30s), w.name << ": " << p.output());
  }

  // Orders fill: a tick crossed to the strategy, the book reached it, execution replied.
  auto& execution = running.at("execution");
  CHECK_MESSAGE(execution.wait_for_output("filled as ord-", 40s), execution.output());
  auto& strategy = running.at("strategy");
  CHECK_MESSAGE(strategy.wait_for_output(" -> ord-", 20s), strategy.output());

  // The book converges: the follower reaches the publisher's final checksum.
  auto& publisher = running.at("book-builder");
  REQUIRE_MESSAGE(publisher.wait_for_output("book_publisher: done:", 40s), publisher.output());
  std::smatch done;
  const std::string publisher_out = publisher.output();
  REQUIRE(std::regex_search(publisher_out, done,
                            std::regex(R"(done: \d+ deltas, current_num (\d+), (\d+) levels, checksum (\S+))")));
  const std::string expected =
      fmt::format("book at #{}: {} levels, checksum {}", done[1].str(), done[2].str(), done[3].str());
  auto& follower = running.at("follower");
  CHECK_MESSAGE(follower.wait_for_output(expected, 30s), "expected '" << expected << "' in:\n" << follower.output());
}
