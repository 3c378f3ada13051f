// Wire compatibility with the Python service_framework: peers that behave as
// the real framework does (tools/interop/sf_wire.py: msgpack 1.0 defaults,
// tagged Decimal/UUID/set, UUID workflow ids at leading edges, no error
// replies, dying on bad input) talk to our workers.
#include <doctest/doctest.h>

#include "values/canonical_forms.hpp"
#include "worker_fixture.hpp"

using namespace sftest;

namespace {

void expect_clean_exit(Process& p) {
  auto status = p.wait_exit();
  REQUIRE_MESSAGE(status, p.output());
  CHECK_MESSAGE(exited_with(*status, 0), p.output());
}

}  // namespace

TEST_CASE("a Python requester talks to our echo - its UUID workflow ids come back as sent") {
  TempDir dir;
  const auto endpoint = ipc_endpoint(dir, "echo");
  auto echo = start_worker(dir, {.service = "echo",
                                 .addresses = {{"connections", {{"in", {{"echo", {{"replyer", endpoint}}}}}}}},
                                 .extra_args = {"--prefix", "cpp:"}});
  REQUIRE_MESSAGE(echo.wait_ready(), echo.output());

  auto peer = start_python_peer("py_requester.py", {"echo", endpoint, "5", "cpp:"});
  expect_clean_exit(peer);
  CHECK_MESSAGE(peer.output().find("py_requester: 5 replies ok") != std::string::npos, peer.output());
  // The peer checked each reply carries its uuid.UUID back (as a UUID, not a
  // string); our echo logged the id as the UUID's text.
  auto marker = peer.output().find("workflow ");
  REQUIRE(marker != std::string::npos);
  auto id = peer.output().substr(marker + 9, 36);
  CHECK(sf::detail::is_uuid_text(id));
  CHECK_MESSAGE(echo.wait_for_output(id), echo.output());
}

TEST_CASE("a Python requester gets exact Decimals from our quote (external_target)") {
  TempDir dir;
  const auto endpoint = ipc_endpoint(dir, "quote");
  auto quote = start_worker(
      dir, {.service = "quote", .addresses = {{"connections", {{"in", {{"quote", {{"replyer", endpoint}}}}}}}}});
  REQUIRE_MESSAGE(quote.wait_ready(), quote.output());

  auto peer = start_python_peer("py_requester.py", {"quote", endpoint, "BTC-USD", "ETH-USD"});
  expect_clean_exit(peer);
  CHECK_MESSAGE(count_occurrences(peer.output(), " Decimal") == 2, peer.output());
}

TEST_CASE("our pinger talks to a Python replyer") {
  TempDir dir;
  const auto endpoint = ipc_endpoint(dir, "py_echo");
  auto replyer = start_python_peer("py_replyer.py", {endpoint, "4"});
  REQUIRE_MESSAGE(replyer.wait_for_output("py_replyer: ready"), replyer.output());

  auto pinger = start_worker(dir, {.service = "pinger",
                                   .addresses = {{"connections", {{"out", {{"echo", {{"requester", endpoint}}}}}}}},
                                   .extra_args = {"--count", "4"},
                                   .main_mode = true});
  expect_clean_exit(pinger);
  CHECK_MESSAGE(pinger.output().find("4 of 4 replies ok") != std::string::npos, pinger.output());
  expect_clean_exit(replyer);
  CHECK_MESSAGE(replyer.output().find("py_replyer: 4 requests answered") != std::string::npos, replyer.output());
  // Each send of our main is a leading edge: a fresh UUID (as its text; a
  // Python service logs it exactly as it logs its own UUID objects).
  const std::string out = replyer.output();
  CHECK_MESSAGE(count_occurrences(out, " (str)") == 4, out);
  auto at = out.find("answered 0 workflow ");
  REQUIRE(at != std::string::npos);
  CHECK(sf::detail::is_uuid_text(out.substr(at + 20, 36)));
}

TEST_CASE("a Python requester dies on our error reply - it has no return_args to validate") {
  TempDir dir;
  const auto endpoint = ipc_endpoint(dir, "echo");
  auto echo = start_worker(dir, {.service = "echo",
                                 .addresses = {{"connections", {{"in", {{"echo", {{"replyer", endpoint}}}}}}}}});
  REQUIRE_MESSAGE(echo.wait_ready(), echo.output());
  auto peer = start_python_peer("py_requester.py", {"raw", endpoint, R"({"text": 5})"});
  auto status = peer.wait_exit();
  REQUIRE_MESSAGE(status, peer.output());
  CHECK_MESSAGE(!exited_with(*status, 0), peer.output());
  CHECK_MESSAGE(peer.output().find("unsupported type NoneType") != std::string::npos, peer.output());
  // Ours logged why, and goes on serving.
  CHECK_MESSAGE(echo.wait_for_output("rejected request"), echo.output());
  auto again = start_python_peer("py_requester.py", {"echo", endpoint, "1"});
  expect_clean_exit(again);
}

TEST_CASE("a Python subscriber decodes our ticker's frames: topic - Decimal - Timestamp") {
  for (std::string topic : {"ticks", ""}) {
    CAPTURE(topic);
    TempDir dir;
    const auto endpoint = ipc_endpoint(dir, "ticks");
    const int count = 50;
    std::vector<std::string> args = {endpoint, std::to_string(count)};
    if (!topic.empty()) args.push_back(topic);
    auto subscriber = start_python_peer("py_subscriber.py", args);
    REQUIRE_MESSAGE(subscriber.wait_for_output("py_subscriber: subscribed"), subscriber.output());

    sf::Json config = {{"count", count}, {"rate_hz", 2000}, {"wait_subscribers", 1}};
    if (!topic.empty()) config["topic"] = topic;
    auto ticker = start_worker(
        dir, {.service = "ticker",
              .addresses = {{"connections", {{"out", {{"ticks", {{"publisher", endpoint}}}}}}}},
              .config = config,
              .main_mode = true});
    expect_clean_exit(ticker);
    expect_clean_exit(subscriber);
    const auto out = subscriber.output();
    CHECK_MESSAGE(out.find("price=100.00 (Decimal)") != std::string::npos, out);
    // msgpack 1.0's default: a timestamp arrives as msgpack.Timestamp, not datetime.
    CHECK_MESSAGE(out.find("(Timestamp)") != std::string::npos, out);
    CHECK_MESSAGE(out.find("received " + std::to_string(count) + " ticks, 0 bad") != std::string::npos, out);
  }
}
