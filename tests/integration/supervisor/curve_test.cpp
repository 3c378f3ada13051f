// security: curve under the real sfsup and workers: wired services talk
// (request/reply, pub/sub, a delta state's snapshot + deltas); a client
// without keys, with a key not wired to the server, or pinning the wrong
// server key gets nothing while the service keeps serving; and a process that
// grabs a stopped replyer's address with its own keys never hears the real
// client's requests.
#include <signal.h>
#include <sys/stat.h>

#include <array>
#include <fstream>
#include <optional>
#include <regex>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <zmq.hpp>

#include "sfsup_fixture.hpp"
#include "topology_dir.hpp"

using namespace sfsup_test;
using sftest::Process;

namespace {

// A topology under security: curve, and the keys file sfsup wrote for a service.
struct CurveRun : TopologyDir {
  using TopologyDir::TopologyDir;
  json keys_of(const std::string& service) const {
    return json::parse(sftest::read_file(run_dir() / "keys" / (service + ".json")));
  }
};

std::string plugin(std::string_view name) { return sftest::plugin(name).string(); }

struct KeyPair {
  std::string public_key;
  std::string secret_key;
};

KeyPair fresh_key_pair() {
  std::array<char, 41> public_key{};
  std::array<char, 41> secret_key{};
  REQUIRE(zmq_curve_keypair(public_key.data(), secret_key.data()) == 0);
  return {public_key.data(), secret_key.data()};
}

// One request as the framework sends it; the reply's text, or nullopt when
// nothing came back within `wait` (the bound of this test, not a timing claim).
std::optional<std::string> echo_request(zmq::socket_t& socket, const std::string& text,
                                        std::chrono::milliseconds wait) {
  const auto payload = json::to_msgpack(json{{"args", {{"text", text}}}, {"workflow_id", "curve-test"}});
  socket.send(zmq::buffer(payload), zmq::send_flags::none);
  zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
  if (zmq::poll(&item, 1, wait) <= 0) return std::nullopt;
  zmq::message_t reply;
  if (!socket.recv(reply, zmq::recv_flags::dontwait)) return std::nullopt;
  const json decoded = json::from_msgpack(reply.to_string_view());
  return decoded.at("return_args").at("text").get<std::string>();
}

// A REQ client; CURVE when `server_key` is set, with its own `keys`.
zmq::socket_t client(zmq::context_t& context, const std::string& endpoint,
                     const std::optional<std::string>& server_key = std::nullopt,
                     const KeyPair& keys = {}) {
  zmq::socket_t socket(context, zmq::socket_type::req);
  socket.set(zmq::sockopt::linger, 0);
  if (server_key) {
    socket.set(zmq::sockopt::curve_serverkey, *server_key);
    socket.set(zmq::sockopt::curve_publickey, keys.public_key);
    socket.set(zmq::sockopt::curve_secretkey, keys.secret_key);
  }
  socket.connect(endpoint);
  return socket;
}

std::string echo_endpoint(CurveRun& run) {
  const auto status = json::parse(run.sfsup({"status", "--json"}).output);
  for (const auto& s : status["services"]) {
    if (s["name"] == "echo") return s["endpoints"]["in.echo.replyer"];
  }
  FAIL("echo is not in sfsup status");
  return {};
}

}  // namespace

TEST_CASE("security curve: wired services talk - requests - ticks - a delta state - keys are 0600 in a 0700 dir") {
  CurveRun run(R"(name: curve
security: curve
services:
  echo:
    service: )" + plugin("echo") + R"(
    config: {prefix: "re: "}
  pinger:
    service: )" + plugin("pinger") + R"(
    main: true
    config: {count: 3, expect_prefix: "re: "}
    connections:
      out: {echo: {to: echo.echo}}
  tick_counter:
    service: )" + plugin("tick_counter") + R"(
    connections:
      in: {ticks: {from: ticker.ticks}}
  ticker:
    service: )" + plugin("ticker") + R"(
    main: true
    config: {count: 50, rate_hz: 1000, wait_subscribers: 1}
  book_follower:
    service: )" + plugin("book_follower") + R"(
    config: {log_every: 1, snapshot_timeout_ms: 500}
    states:
      in: {book: {from: book_publisher.book}, top: {from: book_publisher.top}}
  book_publisher:
    service: )" + plugin("book_publisher") + R"(
    main: true
    config: {count: 200, rate_hz: 1000, depth: 5, seed: 7, heartbeat_ms: 200, wait_subscribers: 1}
)");
  auto check = run.sfsup({"check", run.topology().string()});
  REQUIRE_MESSAGE(check.ok(), check.output);

  // Modes must not depend on the caller's umask.
  const mode_t old_umask = ::umask(0);
  auto up = run.up_foreground();
  ::umask(old_umask);
  REQUIRE_MESSAGE(up.wait_for_output("pinger exited (exit 0)"), up.output());
  REQUIRE_MESSAGE(up.wait_for_output("ticker exited (exit 0)"), up.output());
  REQUIRE_MESSAGE(up.wait_for_output("book_publisher: done:"), up.output());
  CHECK(up.output().find("3 of 3 replies ok") != std::string::npos);

  // The follower reaches the publisher's final book through CURVE (snapshot and deltas).
  std::smatch done;
  const std::string out = up.output();
  REQUIRE(std::regex_search(out, done, std::regex(R"(current_num (\d+), \d+ levels, checksum (\S+))")));
  INFO(out);
  const std::string final_book = fmt::format("book_follower: book at #{}: ", done[1].str());
  REQUIRE(up.wait_for_output(final_book));
  const std::string after = up.output();
  const std::string line = after.substr(after.find(final_book), after.find('\n', after.find(final_book)) - after.find(final_book));
  CHECK_MESSAGE(line.ends_with("checksum " + done[2].str()), line);

  up.signal(SIGINT);
  REQUIRE(up.wait_exit().has_value());
  CHECK(up.output().find("tick_counter: received 50 ticks, 0 gaps") != std::string::npos);

  struct stat st {};
  REQUIRE(::stat((run.run_dir() / "keys").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0700);
  for (const char* service : {"echo", "pinger", "ticker", "tick_counter", "book_publisher", "book_follower"}) {
    REQUIRE(::lstat((run.run_dir() / "keys" / (std::string(service) + ".json")).c_str(), &st) == 0);
    CHECK_MESSAGE((st.st_mode & 07777) == 0600, service);
    CHECK(S_ISREG(st.st_mode));
  }
  // echo lets in exactly pinger's key and sfsup call's; pinger pins echo's.
  const json echo = run.keys_of("echo");
  const json pinger = run.keys_of("pinger");
  CHECK(echo["sockets"]["connections.in.echo.replyer"]["accept"] ==
        json::array({pinger["public_key"], run.keys_of("talk.sfsup")["public_key"]}));
  CHECK(pinger["sockets"]["connections.out.echo.requester"]["server_key"] == echo["public_key"]);
}

TEST_CASE("security curve: a client without keys - with an unwired key - or pinning the wrong server key gets nothing - echo keeps serving - sfsup call works") {
  CurveRun run(R"(name: curve
security: curve
services:
  echo:
    service: )" + plugin("echo") + R"(
    config: {prefix: "re: "}
  pinger:
    service: )" + plugin("pinger") + R"(
    main: true
    restart: never
    config: {count: 1, expect_prefix: "re: "}
    connections:
      out: {echo: {to: echo.echo}}
)");
  auto up = run.up_foreground();
  REQUIRE_MESSAGE(up.wait_for_output("pinger exited (exit 0)"), up.output());
  const std::string endpoint = echo_endpoint(run);
  const json echo_keys = run.keys_of("echo");
  const json pinger_keys = run.keys_of("pinger");
  const std::string echo_public = echo_keys["public_key"];
  const KeyPair pinger{pinger_keys["public_key"], pinger_keys["secret_key"]};
  zmq::context_t context;

  auto plain = client(context, endpoint);
  CHECK_FALSE(echo_request(plain, "plain", 1500ms).has_value());

  const std::size_t before_stranger = up.output().size();
  auto stranger = client(context, endpoint, echo_public, fresh_key_pair());
  CHECK_FALSE(echo_request(stranger, "stranger", 1500ms).has_value());
  // echo's ZAP handler said why, once, in one line.
  CHECK(up.wait_for_output("CURVE: refused a CURVE client of socket connections.in.echo.replyer", 20s,
                           before_stranger));

  auto wrong_server = client(context, endpoint, fresh_key_pair().public_key, pinger);
  CHECK_FALSE(echo_request(wrong_server, "wrong server key", 1500ms).has_value());

  // pinger's own keys with echo's key: answered, so echo kept serving through all that.
  auto wired = client(context, endpoint, echo_public, pinger);
  CHECK(echo_request(wired, "wired", 20s) == std::optional<std::string>("re: wired"));
  CHECK(up.running());
  // sfsup call is let in with its own key; by --address, without keys, it is not.
  const auto call = run.sfsup({"call", "echo.echo", R"({"text": "hi"})"});
  CHECK_MESSAGE(call.ok(), call.output);
  CHECK(call.output.find("re: hi") != std::string::npos);
  const auto keyless = run.sfsup({"call", "echo.echo", R"({"text": "hi"})", "--address", endpoint, "--timeout-ms", "1000"});
  CHECK_FALSE(keyless.ok());
  CHECK(keyless.output.find("did not answer") != std::string::npos);
}

TEST_CASE("security curve: a process holding a stopped replyer's address - plain or with its own keys - never hears the real client") {
  CurveRun run(R"(name: curve
security: curve
services:
  echo:
    service: )" + plugin("echo") + R"(
    restart: never
  pinger:
    service: )" + plugin("pinger") + R"(
    main: true
    restart: on-failure
    restart_limit: {max: 1000, within_s: 60}
    backoff: {initial_ms: 10, max_ms: 50}
    config: {count: 1000000, interval_ms: 20, timeout_ms: 200}
    connections:
      out: {echo: {to: echo.echo}}
)");
  auto up = run.up_foreground();
  REQUIRE_MESSAGE(up.wait_for_output("pinger: reply 3 ok"), up.output());
  const std::string endpoint = echo_endpoint(run);
  REQUIRE(run.sfsup({"stop", "echo"}).ok());
  REQUIRE_MESSAGE(up.wait_for_output("echo stopped"), up.output());

  zmq::context_t context;
  // A plain REP, then a CURVE server with keys of its own (and no ZAP handler:
  // it would let any client in), on echo's address.
  for (const bool with_keys : {false, true}) {
    CAPTURE(with_keys);
    zmq::socket_t impostor(context, zmq::socket_type::rep);
    if (with_keys) {
      impostor.set(zmq::sockopt::curve_server, true);
      impostor.set(zmq::sockopt::curve_secretkey, fresh_key_pair().secret_key);
    }
    impostor.set(zmq::sockopt::linger, 0);
    impostor.bind(endpoint);
    const std::size_t bound_at = up.output().size();

    // pinger's requester resets its socket after each lost reply and connects
    // again, to the impostor now: two such rounds, and not one request got through.
    REQUIRE_MESSAGE(up.wait_for_output("no reply within 200 ms", 20s, bound_at), up.output());
    const std::size_t first_reset = up.output().size();
    REQUIRE_MESSAGE(up.wait_for_output("no reply within 200 ms", 20s, first_reset), up.output());
    zmq::pollitem_t item{impostor.handle(), 0, ZMQ_POLLIN, 0};
    CHECK(zmq::poll(&item, 1, 0ms) == 0);
    CHECK(up.output().find("pinger: reply", bound_at) == std::string::npos);
  }
}
