#include "metrics_fixture.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <regex>

#include <doctest/doctest.h>

namespace metrics_fixture {

using sftest::Process;

Run run_sfsup(std::vector<std::string> args, std::chrono::milliseconds timeout) {
  args.insert(args.begin(), sftest::sfsup_binary().string());
  auto p = Process::spawn(args);
  auto status = p.wait_exit(timeout);
  REQUIRE_MESSAGE(status.has_value(), p.output());
  return Run{*status, p.output()};
}

Market::Market(std::vector<std::string> extra, const std::function<std::string(std::string)>& edit) {
  std::string yaml = sftest::read_file(sftest::source_dir() / "topologies" / "market.yaml");
  yaml = std::regex_replace(yaml, std::regex(R"(\.\./build/services)"), (sftest::build_dir() / "services").string());
  std::ofstream(tmp_ / "market.yaml") << edit(yaml);
  std::vector<std::string> args{"up", (tmp_ / "market.yaml").string(), "-d"};
  args.insert(args.end(), extra.begin(), extra.end());
  up_ = sfsup(args);
}

Market::~Market() {
  if (std::filesystem::exists(run_dir() / "control.sock")) sfsup({"down"});
}

Run Market::sfsup(std::vector<std::string> args) {
  args.insert(args.end(), {"--run-dir", run_dir().string()});
  return run_sfsup(args);
}

json Market::status_after(std::optional<std::uint64_t> after) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  const std::string path = (run_dir() / "control.sock").string();
  std::strncpy(sa.sun_path, path.c_str(), sizeof sa.sun_path - 1);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
  timeval bound{30, 0};  // only bounds a broken test
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound);
  json request = {{"cmd", "status"}, {"metrics", true}};
  if (after) request["after_round"] = *after;
  const std::string line = request.dump() + "\n";
  REQUIRE(::send(fd, line.data(), line.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(line.size()));
  std::string answer;
  char buf[65536];
  while (answer.find('\n') == std::string::npos) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    answer.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  REQUIRE_MESSAGE(answer.find('\n') != std::string::npos, "no answer to " << line);
  json parsed = json::parse(answer.substr(0, answer.find('\n')));
  REQUIRE_MESSAGE(parsed.value("ok", false), parsed.dump());
  return parsed["status"];
}

json service_in(const json& status, const std::string& name) {
  for (const auto& s : status["services"])
    if (s["name"] == name) return s;
  FAIL("no service " << name << " in " << status.dump());
  return {};
}

json endpoint_in(const json& service, const std::string& name) {
  for (const auto& e : service["metrics"]["endpoints"])
    if (e["name"] == name) return e;
  FAIL("no endpoint " << name << " in " << service.dump());
  return {};
}

}  // namespace metrics_fixture
