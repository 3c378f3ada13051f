// A running echo against a raw REQ socket sending what no well-behaved peer
// would: each bad request gets an error reply naming the problem, and the echo
// answers the next good request as if nothing happened.
#include <doctest/doctest.h>

#include "worker_fixture.hpp"

using namespace sftest;

namespace {

struct RunningEcho {
  TempDir dir;
  std::string endpoint = ipc_endpoint(dir, "echo");
  Process worker = start_worker(
      dir, {.service = "echo", .addresses = {{"connections", {{"in", {{"echo", {{"replyer", endpoint}}}}}}}}});
};

// The error reply's message, after checking the reply has the promised shape.
std::string error_message(const std::optional<sf::Json>& reply) {
  REQUIRE_MESSAGE(reply, "no reply: the replyer left the requester hanging");
  INFO("reply: " << reply->dump());
  REQUIRE(reply->is_object());
  REQUIRE(reply->contains("error"));
  CHECK_FALSE(reply->contains("return_args"));
  CHECK(reply->contains("workflow_id"));
  const auto& error = (*reply)["error"];
  REQUIRE(error.is_object());
  CHECK(error.value("kind", std::string()) != "");
  return error.value("message", std::string());
}

void check_still_serving(RawRequester& client, const std::string& text) {
  auto reply = client.request(sf::Json{{"args", {{"text", text}}}, {"workflow_id", "good-" + text}});
  REQUIRE_MESSAGE(reply, "echo stopped answering");
  CHECK_MESSAGE(*reply == sf::Json({{"return_args", {{"text", text}}}, {"workflow_id", "good-" + text}}),
                reply->dump());
}

}  // namespace

TEST_CASE("bad requests get error replies and the echo keeps serving") {
  RunningEcho echo;
  REQUIRE_MESSAGE(echo.worker.wait_ready(), echo.worker.output());
  RawRequester client(echo.endpoint);
  check_still_serving(client, "before");

  SUBCASE("garbage bytes") {
    auto message = error_message(client.request_bytes(std::string_view("\xc1\xff\x00garbage", 10)));
    CHECK_MESSAGE(message.find("malformed") != std::string::npos, message);
  }
  SUBCASE("an empty frame") {
    auto message = error_message(client.request_bytes(std::string_view()));
    CHECK(message != "");
  }
  SUBCASE("a truncated msgpack map") {
    auto bytes = msgpack_bytes(sf::Json{{"args", {{"text", "hello"}}}, {"workflow_id", "w"}});
    auto message = error_message(client.request_bytes(std::string_view(bytes).substr(0, bytes.size() - 3)));
    CHECK(message != "");
  }
  SUBCASE("a payload of the wrong shape: not a map") {
    auto message = error_message(client.request(sf::Json::array({1, 2, 3})));
    CHECK_MESSAGE(message.find("args") != std::string::npos, message);
  }
  SUBCASE("a payload of the wrong shape: no args") {
    auto reply = client.request(sf::Json{{"text", "hi"}, {"workflow_id", "w-shape"}});
    auto message = error_message(reply);
    CHECK_MESSAGE(message.find("args") != std::string::npos, message);
    CHECK((*reply)["workflow_id"] == "w-shape");
  }
  SUBCASE("args that are not a map") {
    auto message = error_message(client.request(sf::Json{{"args", "text"}, {"workflow_id", "w-args"}}));
    CHECK(message != "");
  }
  SUBCASE("a missing required argument") {
    auto reply = client.request(sf::Json{{"args", sf::Json::object()}, {"workflow_id", "w-missing"}});
    auto message = error_message(reply);
    CHECK_MESSAGE(message.find("text") != std::string::npos, message);
    CHECK((*reply)["workflow_id"] == "w-missing");
    // Logged under the request's own workflow id, so it can be traced.
    CHECK(echo.worker.wait_for_output("w-missing"));
  }
  SUBCASE("an argument of the wrong type") {
    auto message = error_message(client.request(sf::Json{{"args", {{"text", 42}}}, {"workflow_id", "w-type"}}));
    CHECK_MESSAGE(message.find("text") != std::string::npos, message);
    CHECK_MESSAGE(message.find("str") != std::string::npos, message);
  }
  SUBCASE("an undeclared argument") {
    auto message = error_message(
        client.request(sf::Json{{"args", {{"text", "a"}, {"colour", "red"}}}, {"workflow_id", "w-extra"}}));
    CHECK_MESSAGE(message.find("colour") != std::string::npos, message);
  }

  check_still_serving(client, "after");
  CHECK(echo.worker.running());
}
