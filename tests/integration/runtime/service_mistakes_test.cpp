// The misbehaver fixture makes, on request, the mistakes a service author can
// make inside a handler. Each becomes an error reply naming the mistake; the
// service keeps serving.
#include <doctest/doctest.h>

#include "worker_fixture.hpp"

using namespace sftest;

namespace {

sf::Json misbehaver_addresses(const TempDir& dir) {
  return {{"connections",
           {{"in", {{"misbehave", {{"replyer", ipc_endpoint(dir, "misbehave")}}}}},
            {"out", {{"noise", {{"publisher", ipc_endpoint(dir, "noise")}}}}}}}};
}

sf::Json ask(RawRequester& client, const std::string& action) {
  auto reply = client.request(sf::Json{{"args", {{"action", action}}}, {"workflow_id", "w-" + action}});
  REQUIRE_MESSAGE(reply, "no reply to " << action);
  return *reply;
}

}  // namespace

TEST_CASE("mistakes inside a handler become error replies that name them") {
  TempDir dir;
  auto worker = start_worker(dir, {.service = "misbehaver", .addresses = misbehaver_addresses(dir)});
  REQUIRE_MESSAGE(worker.wait_ready(), worker.output());
  RawRequester client(ipc_endpoint(dir, "misbehave"));

  struct Mistake {
    std::string action;
    std::string named;  // what the error message must mention
  };
  for (const Mistake& m : {Mistake{"unknown_connection", "no_such_connection"},
                           Mistake{"unknown_output_type", "no_such_output_type"},
                           Mistake{"bad_out_args", "value"},
                           Mistake{"bad_return", "done"},
                           Mistake{"throw", "thrown on purpose"}}) {
    CAPTURE(m.action);
    sf::Json reply = ask(client, m.action);
    INFO("reply: " << reply.dump());
    REQUIRE(reply.contains("error"));
    CHECK(reply["workflow_id"] == "w-" + m.action);
    CHECK(reply["error"].value("message", std::string()).find(m.named) != std::string::npos);
    // The service is still there and still right.
    CHECK(ask(client, "behave") == sf::Json({{"return_args", {{"done", true}}}, {"workflow_id", "w-behave"}}));
  }
  CHECK(worker.running());
  worker.signal(SIGTERM);
  auto status = worker.wait_exit();
  REQUIRE(status);
  CHECK_MESSAGE(exited_with(*status, 0), worker.output());
}
