#pragma once
// Unit tests of a service's handlers, with no sockets and no worker:
//
//   #include <sf/testing.hpp>
//   sf::testing::RecordingToSend out;                       // publishers: replies are null
//   on_tick({{"seq", 1}}, out.to_send(), {}, config);
//   CHECK(out.sent().size() == 1);
//   CHECK(out.sent()[0].args["seq"] == 1);
//
//   sf::testing::RecordingToSend echo([](const sf::testing::Sent& s) { return s.args; });
//
// Sends are recorded as given: models are not checked here (the worker does
// that), so test the models by running the service (docs/services.md).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <sf/json.hpp>
#include <sf/to_send.hpp>

namespace sf::testing {

struct Sent {
  std::string output_type;  // "connection" or "state"
  std::string output_name;
  Json args;
};

class RecordingToSend {
 public:
  using Reply = std::function<Json(const Sent&)>;

  // `reply` answers each send (a requester's reply); without it sends return null.
  explicit RecordingToSend(Reply reply = {})
      : sent_(std::make_shared<std::vector<Sent>>()),
        to_send_([sent = sent_, reply = std::move(reply)](std::string_view type, std::string_view name,
                                                          const Json& args) {
          sent->push_back({std::string(type), std::string(name), args});
          return reply ? reply(sent->back()) : Json();
        }) {}

  ToSend& to_send() { return to_send_; }
  const std::vector<Sent>& sent() const { return *sent_; }

 private:
  std::shared_ptr<std::vector<Sent>> sent_;  // shared with the lambda: the object may move
  ToSend to_send_;
};

}  // namespace sf::testing
