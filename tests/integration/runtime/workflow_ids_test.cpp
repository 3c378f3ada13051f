// Workflow ids as the Python framework uses them: any msgpack value (a UUID
// object at its leading edges), echoed as received, extended "<id>_1",
// "<id>_2"... after a handler's first send, and settable from a main.
#include <doctest/doctest.h>
#include <sf/service.hpp>

#include <zmq.hpp>

#include "process.hpp"
#include "values/canonical_forms.hpp"
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

// A subscriber the test reads the service's publications with.
class Listener {
 public:
  explicit Listener(const std::string& endpoint) {
    socket_.set(zmq::sockopt::subscribe, "");
    socket_.set(zmq::sockopt::rcvtimeo, 10000);
    socket_.set(zmq::sockopt::linger, 0);
    socket_.connect(endpoint);
  }
  // The workflow_id of the next publication (null when none arrives).
  Json next_id() {
    zmq::message_t frame;
    if (!socket_.recv(frame)) return Json();
    return wire::decode(frame.data(), frame.size())["workflow_id"];
  }

 private:
  zmq::context_t context_{1};
  zmq::socket_t socket_{context_, zmq::socket_type::sub};
};

}  // namespace

TEST_CASE("workflow ids: a handler's sends reuse the inbound id then number it - any id type") {
  sftest::TempDir dir;
  const std::string in = "ipc://" + (dir / "relay").string();
  const std::string out = "ipc://" + (dir / "out").string();
  sf::Definition d;
  d.connection_models.in["relay"] = sf::replyer([](const Json&, sf::ToSend& to_send, const Json&, const Json&) {
    REQUIRE(to_send.wait_subscribers("out", 1, std::chrono::seconds(10)));
    for (int n = 0; n < 3; ++n) to_send("connection", "out", {{"n", n}});
    return Json::object();
  });
  d.connection_models.out["out"] = sf::publisher().required_arguments({{"n", "int"}});
  sf::Service relay(std::move(d), options_for("relay", {{"connections",
                                                         {{"in", {{"relay", {{"replyer", in}}}}},
                                                          {"out", {{"out", {{"publisher", out}}}}}}}}));
  relay.run_service();
  Listener listener(out);

  zmq::context_t context(1);
  zmq::socket_t requester(context, zmq::socket_type::req);
  requester.set(zmq::sockopt::rcvtimeo, 10000);
  requester.set(zmq::sockopt::linger, 0);
  requester.connect(in);
  const Json uuid = sf::new_uuid();
  const std::string text = sf::uuid_str(uuid);
  for (const Json& sent : {uuid, Json(42), Json("py-7")}) {
    CAPTURE(sent.dump());
    std::vector<std::uint8_t> bytes;
    wire::encode(wire::request(Json::object(), sent), bytes);
    requester.send(zmq::buffer(bytes));
    zmq::message_t reply;
    REQUIRE(requester.recv(reply));
    // The reply carries the id exactly as it came: a UUID object stays one.
    CHECK(wire::decode(reply.data(), reply.size())["workflow_id"] == sent);
    const std::string root = wire::workflow_text(sent);
    CHECK(listener.next_id() == sent);
    CHECK(listener.next_id() == root + "_1");
    CHECK(listener.next_id() == root + "_2");
  }
  CHECK(wire::workflow_text(uuid) == text);  // a UUID's text is its as_str
  relay.stop_service();
}

TEST_CASE("workflow ids: a main sends fresh UUIDs - and can read and set the id of its next send") {
  sftest::TempDir dir;
  const std::string out = "ipc://" + (dir / "out").string();
  Json seen_next;
  sf::Definition d;
  d.connection_models.out["out"] = sf::publisher().required_arguments({{"n", "int"}});
  d.main = [&](sf::ToSend& to_send, const Json&, const Json&) {
    REQUIRE(to_send.wait_subscribers("out", 1, std::chrono::seconds(10)));
    seen_next = to_send.next_workflow_id();
    to_send("connection", "out", {{"n", 1}});
    to_send("connection", "out", {{"n", 2}});
    to_send.set_workflow_id("order-7");  // an external correlation id
    CHECK(to_send.next_workflow_id() == "order-7");
    to_send("connection", "out", {{"n", 3}});
    to_send("connection", "out", {{"n", 4}});
    CHECK(to_send.workflow_id() == "order-7");
  };
  sf::Service main(std::move(d), options_for("main", {{"connections", {{"out", {{"out", {{"publisher", out}}}}}}}}));
  Listener listener(out);
  main.run_service_as_main();
  const Json first = listener.next_id();
  REQUIRE(first.is_string());
  CHECK(sf::detail::is_uuid_text(first.get<std::string>()));
  CHECK(first == seen_next);  // what next_workflow_id said is what went out
  const Json second = listener.next_id();
  REQUIRE(second.is_string());
  CHECK(sf::detail::is_uuid_text(second.get<std::string>()));
  CHECK(second != first);  // each leading-edge send starts its own trace
  CHECK(listener.next_id() == "order-7");
  CHECK(listener.next_id() == "order-7_1");
  main.stop_service();
}
