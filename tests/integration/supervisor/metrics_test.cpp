// Measuring a running topology (market.yaml): the workers' counters through
// `status --json`, `sfsup top --once`, and `up --metrics`' Prometheus text
// (checked by promtool) and status page (loaded by headless chromium).
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cstring>
#include <fcntl.h>
#include <functional>
#include <fstream>
#include <regex>

#include <doctest/doctest.h>
#include <zmq.hpp>

#include "metrics_fixture.hpp"

using namespace sfsup_test;
using namespace metrics_fixture;
using sftest::Process;

namespace {

const char* const kServices[] = {"execution", "strategy", "book_builder", "feed"};

// One GET over loopback TCP; the whole response (headers and body).
std::string http_get(const std::string& url, const std::string& path) {
  std::smatch m;
  REQUIRE(std::regex_search(url, m, std::regex(R"(^http://([0-9.]+):(\d+)/$)")));
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<std::uint16_t>(std::stoi(m[2].str())));
  ::inet_pton(AF_INET, m[1].str().c_str(), &sa.sin_addr);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
  timeval bound{30, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound);
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + m[1].str() + "\r\n\r\n";
  REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
  std::string response;
  char buf[65536];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) response.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return response;
}

std::string body_of(const std::string& response) {
  const auto end = response.find("\r\n\r\n");
  REQUIRE_MESSAGE(end != std::string::npos, response);
  return response.substr(end + 4);
}

bool on_path(const std::string& program) {
  return run_sfsup({"--version"}).ok() && std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

// Market has no full-update in-state: a follower of both of book_builder's
// states gives it one of each kind.
const char* const kFollower = R"(
  follower:
    service: book_follower
    config: {log_every: 0}
    states:
      in: {book: {from: book_builder.book}, top: {from: book_builder.top}}
)";

}  // namespace

TEST_CASE("metrics: status --json has every worker's counters and they grow with traffic") {
  Market market({}, [](std::string yaml) { return yaml + kFollower; });
  REQUIRE_MESSAGE(market.up().ok(), market.up().output);

  auto first = json::parse(market.sfsup({"status", "--json"}).output);
  for (const char* name : kServices) {
    CAPTURE(name);
    const json s = service_in(first, name);
    REQUIRE_MESSAGE(s["metrics"].is_object(), s.dump());
    CHECK(s["metrics"]["rss_bytes"].get<double>() > 0);
    CHECK(s["metrics"]["endpoints"].is_array());
  }
  const auto ticks_before = endpoint_in(service_in(first, "strategy"), "ticks")["messages_in"].get<std::uint64_t>();

  // A request the replyer's model refuses: counted as invalid_args there.
  // Sent with --address: without it `call` checks the model itself and sends
  // nothing.
  const std::string address = service_in(first, "execution")["endpoints"]["in.orders.replyer"];
  auto bad = market.sfsup({"call", "execution.orders", "{}", "--address", address});
  CHECK_FALSE(bad.ok());
  {  // A frame that is not msgpack: counted as malformed, answered with an error reply.
    zmq::context_t context;
    zmq::socket_t req(context, zmq::socket_type::req);
    req.set(zmq::sockopt::linger, 0);
    req.set(zmq::sockopt::rcvtimeo, 10000);
    req.connect(address);
    req.send(zmq::str_buffer("\xc1 not msgpack"), zmq::send_flags::none);
    zmq::message_t reply;
    CHECK(req.recv(reply).has_value());
  }

  // Two rounds later (each one second apart; the feed ticks at 10 Hz), or
  // more on a loaded machine: round by round until every counter this test
  // looks at has moved. The bound only ends a broken test.
  json later = market.status_after(first["metrics_round"].get<std::uint64_t>() + 1);
  auto moved = [&](const json& status) {
    const json follower = service_in(status, "follower");
    const json orders = endpoint_in(service_in(status, "execution"), "orders");
    return endpoint_in(service_in(status, "strategy"), "ticks")["messages_in"].get<std::uint64_t>() > ticks_before &&
           endpoint_in(follower, "book")["messages_in"].get<std::uint64_t>() > 0 &&
           endpoint_in(follower, "top")["messages_in"].get<std::uint64_t>() > 0 &&
           orders["errors"]["malformed"].get<std::uint64_t>() >= 1;
  };
  for (int round = 0; round < 30 && !moved(later); ++round) {
    later = market.status_after(later["metrics_round"].get<std::uint64_t>());
  }
  const json strategy = service_in(later, "strategy");
  CHECK(endpoint_in(strategy, "ticks")["messages_in"].get<std::uint64_t>() > ticks_before);
  CHECK(endpoint_in(strategy, "ticks")["bytes_in"].get<std::uint64_t>() > 0);
  CHECK(endpoint_in(strategy, "ticks")["latency"]["counts"].is_array());
  CHECK(strategy["metrics"]["messages_in_per_s"].get<double>() > 0);
  CHECK(strategy["metrics"]["latency_p99_us"].is_number());
  CHECK(endpoint_in(service_in(later, "feed"), "ticks")["messages_out"].get<std::uint64_t>() > 0);
  CHECK(endpoint_in(service_in(later, "book_builder"), "book")["messages_out"].get<std::uint64_t>() > 0);
  CHECK(endpoint_in(strategy, "book")["resyncs"].get<std::uint64_t>() >= 1);  // its first snapshot
  // In-states count their frames' bytes as connections do: every frame is
  // more than a byte, so bytes in exceed messages in.
  const json follower = service_in(later, "follower");
  for (const char* state : {"book", "top"}) {
    CAPTURE(state);
    const json e = endpoint_in(follower, state);
    CHECK(e["kind"] == "state");
    CHECK(e["messages_in"].get<std::uint64_t>() > 0);
    CHECK(e["bytes_in"].get<std::uint64_t>() > e["messages_in"].get<std::uint64_t>());
  }
  CHECK(endpoint_in(follower, "top")["type"] == "full_update_in");
  CHECK(endpoint_in(follower, "book")["type"] == "delta_update_in");
  const json orders = endpoint_in(service_in(later, "execution"), "orders");
  CHECK(orders["errors"]["invalid_args"].get<std::uint64_t>() >= 1);
  CHECK(orders["errors"]["malformed"].get<std::uint64_t>() >= 1);
  CHECK(orders["messages_in"].get<std::uint64_t>() >= 2);
}

TEST_CASE("metrics: top --once prints a row for every service with live figures") {
  Market market;
  REQUIRE_MESSAGE(market.up().ok(), market.up().output);
  auto top = market.sfsup({"top", "--once", "--sort", "in"});
  REQUIRE_MESSAGE(top.ok(), top.output);
  CHECK(top.output.find("SERVICE") != std::string::npos);
  CHECK(top.output.find("P99") != std::string::npos);
  for (const char* name : kServices) {
    CAPTURE(name);
    CHECK_MESSAGE(std::regex_search(top.output, std::regex(std::string("\n") + name + " +ready +[0-9.]+ +[0-9.]+M ")),
                  top.output);
  }
  // Sorted by messages in: the strategy (ticks, book) comes first.
  std::smatch first_row;
  REQUIRE(std::regex_search(top.output, first_row, std::regex(R"(SERVICE[^\n]*\n(\S+))")));
  CHECK(first_row[1].str() == "strategy");

  auto bad = market.sfsup({"top", "--once", "--sort", "colour"});
  CHECK(bad.status != 0);
  CHECK(bad.output.find("unknown key") != std::string::npos);
}

namespace {

// `sfsup top` on a pseudo-terminal, as a person runs it: returns once it
// exited after `stop` (a key or a signal), with what it printed and whether
// the terminal was back in line mode with echo.
struct TopSession {
  int status = -1;
  std::string screen;
  bool restored = false;
};

TopSession run_top_on_a_terminal(const std::filesystem::path& run_dir, const std::function<void(int, pid_t)>& stop) {
  int master = -1;
  char slave_name[256] = "";
  const pid_t pid = ::forkpty(&master, slave_name, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const std::string sfsup = sftest::sfsup_binary().string();
    const std::string dir = run_dir.string();
    ::execl(sfsup.c_str(), sfsup.c_str(), "top", "--run-dir", dir.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  TopSession session;
  // Two frames: the second comes a round after the first (the supervisor's pacing).
  auto frames = [&] {
    std::size_t n = 0;
    for (auto at = session.screen.find("SERVICE"); at != std::string::npos; at = session.screen.find("SERVICE", at + 1)) ++n;
    return n;
  };
  const auto deadline = std::chrono::steady_clock::now() + 30s;  // bounds a broken test only
  while (frames() < 2 && std::chrono::steady_clock::now() < deadline) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 1000) <= 0) continue;
    char buf[4096];
    const ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;
    session.screen.append(buf, static_cast<std::size_t>(n));
  }
  const bool raw_while_running = [&] {
    termios t{};
    const int slave = ::open(slave_name, O_RDWR | O_NOCTTY);
    const bool raw = slave >= 0 && ::tcgetattr(slave, &t) == 0 && !(t.c_lflag & (ICANON | ECHO));
    if (slave >= 0) ::close(slave);
    return raw;
  }();
  CHECK(raw_while_running);
  stop(master, pid);
  for (auto until = std::chrono::steady_clock::now() + 30s; std::chrono::steady_clock::now() < until;) {
    if (::waitpid(pid, &session.status, WNOHANG) == pid) break;
    pollfd p{master, POLLIN, 0};
    char buf[4096];
    if (::poll(&p, 1, 100) > 0 && ::read(master, buf, sizeof buf) > 0) continue;
  }
  termios after{};
  const int slave = ::open(slave_name, O_RDWR | O_NOCTTY);
  session.restored = slave >= 0 && ::tcgetattr(slave, &after) == 0 && (after.c_lflag & ICANON) && (after.c_lflag & ECHO);
  if (slave >= 0) ::close(slave);
  ::close(master);
  if (::waitpid(pid, &session.status, WNOHANG) == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &session.status, 0);
    FAIL("sfsup top did not exit");
  }
  return session;
}

}  // namespace

TEST_CASE("metrics: top refreshes on a terminal - q or SIGTERM quits and puts the terminal back") {
  Market market;
  REQUIRE_MESSAGE(market.up().ok(), market.up().output);

  auto by_key = run_top_on_a_terminal(market.run_dir(), [](int master, pid_t) {
    REQUIRE(::write(master, "q", 1) == 1);
  });
  INFO(by_key.screen);
  CHECK(sftest::exited_with(by_key.status, 0));
  CHECK(by_key.restored);
  for (const char* name : kServices) CHECK(by_key.screen.find(std::string("\n") + name + " ") != std::string::npos);
  CHECK(by_key.screen.find("\x1b[H\x1b[2J") != std::string::npos);  // each frame redraws the screen

  auto by_signal = run_top_on_a_terminal(market.run_dir(), [](int, pid_t pid) { ::kill(pid, SIGTERM); });
  CHECK(sftest::exited_with(by_signal.status, 0));
  CHECK(by_signal.restored);
}

TEST_CASE("metrics: up --metrics serves Prometheus text that promtool accepts and a page chromium loads") {
  Market market({"--metrics", "127.0.0.1:0"});
  REQUIRE_MESSAGE(market.up().ok(), market.up().output);
  const json status = market.status_after(std::nullopt);
  REQUIRE_MESSAGE(status.contains("metrics_url"), status.dump());
  const std::string url = status["metrics_url"];

  {  // /metrics
    market.status_after(status["metrics_round"].get<std::uint64_t>());  // one more round: rates and traffic
    const std::string response = http_get(url, "/metrics");
    CHECK(response.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK(response.find("Content-Type: text/plain; version=0.0.4") != std::string::npos);
    const std::string body = body_of(response);
    for (const char* name : kServices)
      CHECK(body.find(std::string("sfsup_up{topology=\"market\",service=\"") + name + "\"} 1") != std::string::npos);
    CHECK(std::regex_search(body, std::regex(R"(sfsup_messages_received_total\{[^}]*service="strategy"[^}]*endpoint="ticks"[^}]*\} [1-9])")));
    CHECK(body.find("sfsup_handler_latency_seconds_bucket{") != std::string::npos);
    CHECK(body.find("sfsup_restarts_total{topology=\"market\",service=\"execution\"} 0") != std::string::npos);

    REQUIRE_MESSAGE(on_path("promtool"), "promtool is missing: run tools/bootstrap.sh (Debian's prometheus)");
    const auto file = market.tmp() / "metrics.txt";
    std::ofstream(file) << body;
    auto check = Process::spawn({"/bin/sh", "-c", "promtool check metrics < " + file.string()});
    auto rc = check.wait_exit(60s);
    REQUIRE(rc.has_value());
    CHECK_MESSAGE(sftest::exited_with(*rc, 0), check.output());
  }
  {  // anything else
    CHECK(http_get(url, "/nothing").rfind("HTTP/1.1 404", 0) == 0);
  }
  {  // the page, as a browser renders it
    REQUIRE_MESSAGE(on_path("chromium"), "chromium is missing: run tools/bootstrap.sh");
    auto browser = Process::spawn({"chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                   "--user-data-dir=" + (market.tmp() / "chromium").string(), "--dump-dom", url});
    auto rc = browser.wait_exit(120s);
    REQUIRE_MESSAGE(rc.has_value(), browser.output());
    const std::string dom = browser.output();
    CHECK(dom.find("<title>market - sfsup</title>") != std::string::npos);
    for (const char* name : kServices) {
      CAPTURE(name);
      CHECK_MESSAGE(std::regex_search(dom, std::regex(std::string(R"(<tr id="service-)") + name +
                                                          R"(" class="service ready"><td class="name">)" + name)),
                    dom);
    }
    CHECK(std::regex_search(dom, std::regex(R"(\[execution\] \[-\] serving)")));  // its last log lines
  }
}

TEST_CASE("metrics: a non-loopback --metrics address is refused before anything starts") {
  sftest::TempDir tmp;
  std::string yaml = sftest::read_file(sftest::source_dir() / "topologies" / "market.yaml");
  yaml = std::regex_replace(yaml, std::regex(R"(\.\./build/services)"), (sftest::build_dir() / "services").string());
  std::ofstream(tmp / "market.yaml") << yaml;
  auto up = run_sfsup({"up", (tmp / "market.yaml").string(), "-d", "--metrics", "0.0.0.0:9464", "--run-dir",
                       (tmp / "run").string()});
  CHECK(up.status != 0);
  CHECK_MESSAGE(up.output.find("metrics address 0.0.0.0:9464: not a loopback address") != std::string::npos, up.output);
  CHECK(up.output.find("--metrics-remote") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tmp / "run" / "control.sock"));
}
