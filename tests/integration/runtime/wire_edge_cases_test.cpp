// Requests the wire allows but a handler must never see (several frames, an
// int beyond int64), addresses the Python framework accepts (a binder's
// host name), and its creation arguments.
#include <atomic>
#include <future>
#include <limits>

#include <doctest/doctest.h>
#include <sf/service.hpp>

#include <zmq.hpp>

#include "process.hpp"
#include "wire/codec.hpp"

namespace {

using sf::Json;
namespace wire = sf::detail::wire;

sf::ServiceOptions options_for(const std::string& name, Json addresses) {
  sf::ServiceOptions options;
  options.name = name;
  options.addresses = std::move(addresses);
  return options;
}

Json replyer_addresses(const std::string& endpoint) {
  return {{"connections", {{"in", {{"count", {{"replyer", endpoint}}}}}}}};
}

// A replyer {"n": int} -> {"n"} counting its handler's calls.
sf::Definition counting_replyer(std::atomic<int>& calls) {
  sf::Definition d;
  d.connection_models.in["count"] =
      sf::replyer([&calls](const Json& args, sf::ToSend&, const Json&, const Json&) -> Json {
        ++calls;
        return {{"n", args["n"]}};
      }).required_arguments({{"n", "int"}});
  return d;
}

struct Requester {
  explicit Requester(const std::string& endpoint) {
    socket.set(zmq::sockopt::rcvtimeo, 10000);
    socket.set(zmq::sockopt::linger, 0);
    socket.connect(endpoint);
  }
  // Sends `frames` as one multi-frame message; the decoded reply (null on timeout).
  Json ask(const std::vector<Json>& frames) {
    for (std::size_t i = 0; i < frames.size(); ++i) {
      std::vector<std::uint8_t> bytes;
      wire::encode(frames[i], bytes);
      socket.send(zmq::buffer(bytes), i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
    }
    zmq::message_t reply;
    if (!socket.recv(reply)) return Json();
    CHECK_FALSE(reply.more());  // one reply frame
    return wire::decode(reply.data(), reply.size());
  }
  zmq::context_t context{1};
  zmq::socket_t socket{context, zmq::socket_type::req};
};

// A loopback port nobody listens on right now.
std::string free_loopback_port() {
  zmq::context_t context(1);
  zmq::socket_t probe(context, zmq::socket_type::rep);
  probe.bind("tcp://127.0.0.1:*");
  const std::string endpoint = probe.get(zmq::sockopt::last_endpoint);
  return endpoint.substr(endpoint.rfind(':') + 1);
}

}  // namespace

TEST_CASE("wire: a multi-frame request gets one error reply and never reaches the handler") {
  sftest::TempDir dir;
  const std::string endpoint = "ipc://" + (dir / "count").string();
  std::atomic<int> calls{0};
  sf::Service service(counting_replyer(calls), options_for("count", replyer_addresses(endpoint)));
  service.run_service();
  Requester requester(endpoint);
  const Json request = wire::request({{"n", 1}}, "wf-1");
  const Json reply = requester.ask({request, request, request});
  REQUIRE(reply.is_object());
  CHECK(wire::is_error_reply(reply));
  CHECK(reply["error"]["kind"] == "malformed");
  CHECK(reply["error"]["message"].get<std::string>().find("got 3 frames") != std::string::npos);
  CHECK(calls == 0);
  // The socket is in step: the next request is answered normally.
  CHECK(requester.ask({wire::request({{"n", 2}}, "wf-2")})["return_args"] == Json{{"n", 2}});
  CHECK(calls == 1);
  service.stop_service();
}

TEST_CASE("wire: an int beyond int64 is refused by validation - not handed over as a negative number") {
  sftest::TempDir dir;
  const std::string endpoint = "ipc://" + (dir / "count").string();
  std::atomic<int> calls{0};
  sf::Service service(counting_replyer(calls), options_for("count", replyer_addresses(endpoint)));
  service.run_service();
  Requester requester(endpoint);
  const Json reply = requester.ask({wire::request({{"n", std::numeric_limits<std::uint64_t>::max()}}, "wf-big")});
  REQUIRE(wire::is_error_reply(reply));
  CHECK(reply["error"]["kind"] == "invalid_args");
  CHECK(reply["error"]["message"].get<std::string>().find("does not fit an int") != std::string::npos);
  CHECK(calls == 0);
  service.stop_service();
}

TEST_CASE("addresses: a binder's host name binds where the name resolves - localhost:port") {
  const std::string port = free_loopback_port();
  std::atomic<int> calls{0};
  sf::Service service(counting_replyer(calls), options_for("count", replyer_addresses("localhost:" + port)));
  service.run_service();  // threw "cannot bind ... No such device" before
  Requester requester("tcp://127.0.0.1:" + port);
  CHECK(requester.ask({wire::request({{"n", 5}}, "wf")})["return_args"] == Json{{"n", 5}});
  service.stop_service();
}

TEST_CASE("creation arguments: a subscriber's topic and is_binder are honoured") {
  sftest::TempDir dir;
  const std::string endpoint = "ipc://" + (dir / "fan_in").string();
  std::atomic<int> got{0};
  std::atomic<int> wrong_topic{0};
  std::promise<void> arrived;
  sf::Definition d;
  d.connection_models.in["fan_in"] =
      sf::subscriber([&](const Json& args, sf::ToSend&, const Json&, const Json&) -> Json {
        if (args["topic"] != "a") {
          ++wrong_topic;
        } else if (++got == 1) {
          arrived.set_value();
        }
        return nullptr;
      })
          .required_arguments({{"topic", "str"}})
          .with_creation_arguments({{"topic", "a"}, {"is_binder", true}});
  sf::Service service(std::move(d), options_for("fan_in", {{"connections", {{"in", {{"fan_in", {{"subscriber", endpoint}}}}}}}}));
  service.run_service();

  // A publisher that connects: only a binding subscriber can be reached.
  zmq::context_t context(1);
  zmq::socket_t publisher(context, zmq::socket_type::xpub);
  publisher.set(zmq::sockopt::linger, 0);
  publisher.set(zmq::sockopt::rcvtimeo, 10000);
  publisher.connect(endpoint);
  zmq::message_t subscription;
  REQUIRE(publisher.recv(subscription));
  CHECK(subscription.to_string().substr(1) == wire::topic_prefix("a"));
  for (std::string topic : {"b", "a"}) {
    std::vector<std::uint8_t> frame;
    const std::string prefix = wire::topic_prefix(topic);
    frame.assign(prefix.begin(), prefix.end());
    wire::encode(wire::request({{"topic", topic}}, "wf"), frame);
    publisher.send(zmq::buffer(frame));
  }
  // "b" was sent first, on the same connection: had it passed the filter it
  // would have been handled before "a".
  CHECK(arrived.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  service.stop_service();
  CHECK(got == 1);
  CHECK(wrong_topic == 0);
}

TEST_CASE("creation arguments: one the type does not take is a setup error naming it") {
  sf::Definition d;
  d.connection_models.out["out"] = sf::publisher().with_creation_arguments({{"func_to_call", "f"}});
  sf::Service service(std::move(d), options_for("bad", {{"connections", {{"out", {{"out", {{"publisher", "ipc:///tmp/sf-unused-bad"}}}}}}}}));
  try {
    service.run_service();
    FAIL("run_service accepted an unknown creation argument");
  } catch (const sf::Error& e) {
    CHECK_MESSAGE(std::string(e.what()).find("func_to_call") != std::string::npos, e.what());
  }
}
