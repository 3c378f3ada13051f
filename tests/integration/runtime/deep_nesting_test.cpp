// A request nested 100,000 levels deep (a few hundred kilobytes of msgpack)
// gets the usual "malformed" error reply from a running echo: the decoder
// refuses it past wire::kMaxDepth levels instead of recursing into it, and
// the echo answers the next request as before.
#include <doctest/doctest.h>

#include "worker_fixture.hpp"
#include "wire/tolerant_reader.hpp"

using namespace sftest;

namespace {

// {"args": [[[...[nil]...]]], "workflow_id": "deep"} with `depth` nested arrays.
std::string deep_request(int depth) {
  std::string bytes = "\x82\xa4" "args";
  bytes.append(static_cast<std::size_t>(depth), '\x91');  // fixarray of one element
  bytes += '\xc0';
  bytes += "\xabworkflow_id\xa4" "deep";
  return bytes;
}

}  // namespace

TEST_CASE("a request nested 100k deep gets an error reply - not a stack overflow") {
  TempDir dir;
  const std::string endpoint = ipc_endpoint(dir, "echo");
  Process worker = start_worker(
      dir, {.service = "echo", .addresses = {{"connections", {{"in", {{"echo", {{"replyer", endpoint}}}}}}}}});
  REQUIRE_MESSAGE(worker.wait_ready(), worker.output());
  RawRequester client(endpoint);

  // Within the bound the frame decodes: the reply is about the model, not the nesting.
  auto shallow = client.request_bytes(deep_request(sf::detail::wire::kMaxDepth - 2));
  REQUIRE_MESSAGE(shallow, worker.output());
  CHECK_MESSAGE(shallow->dump().find("nested deeper") == std::string::npos, shallow->dump());

  auto reply = client.request_bytes(deep_request(100'000));
  REQUIRE_MESSAGE(reply, "no reply: the worker died or hung on a deep frame\n" << worker.output());
  INFO(reply->dump());
  REQUIRE(reply->contains("error"));
  CHECK((*reply)["error"]["kind"] == "malformed");
  CHECK(reply->dump().find("nested deeper than") != std::string::npos);

  auto echoed = client.request(sf::Json{{"args", {{"text", "still here"}}}, {"workflow_id", "w"}});
  REQUIRE_MESSAGE(echoed, "the echo stopped answering");
  CHECK(*echoed == sf::Json({{"return_args", {{"text", "still here"}}}, {"workflow_id", "w"}}));
  CHECK(worker.running());
}
