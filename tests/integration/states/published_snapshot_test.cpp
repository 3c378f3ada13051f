// A C++ service publishes a whole delta-state snapshot through to_send, the
// Python framework's way ({"state", "is_snapshot": true, "current_num"}), and
// a follower replaces its whole map with it.
#include <future>

#include <doctest/doctest.h>
#include <sf/service.hpp>

#include "process.hpp"

using sf::Json;
using namespace std::chrono_literals;

namespace {

sf::ServiceOptions options_for(const std::string& name, Json addresses) {
  sf::ServiceOptions options;
  options.name = name;
  options.addresses = std::move(addresses);
  return options;
}

sf::StateModel levels_model(sf::StateModel model) {
  model.arguments = {.required = Json::object(), .optional = {{"a", "int"}, {"b", "int"}}};
  return model;
}

}  // namespace

TEST_CASE("states: to_send publishes a whole snapshot and followers replace their map with it") {
  sftest::TempDir dir;
  const std::string pub = "ipc://" + (dir / "levels.pub").string();
  const std::string rep = "ipc://" + (dir / "levels.rep").string();

  std::promise<void> followed;
  bool followed_set = false;
  sf::Definition follower_def;
  follower_def.state_models.in["levels"] = levels_model(sf::delta_update_in());
  follower_def.state_models.in["levels"].handler = [&](const Json&, sf::ToSend&, const Json& states, const Json&) {
    if (!followed_set && states["levels"] == Json{{"a", 5}}) {
      followed_set = true;
      followed.set_value();
    }
    return Json();
  };
  sf::Service follower(std::move(follower_def),
                       options_for("follower", {{"states", {{"in", {{"levels", {{"subscriber", pub}, {"requester", rep}}}}}}}}));

  Json returned;
  sf::Definition publisher_def;
  publisher_def.state_models.out["levels"] = levels_model(sf::delta_update_out());
  publisher_def.main = [&](sf::ToSend& to_send, const Json&, const Json&) {
    REQUIRE(to_send.wait_subscribers("levels", 1, 10s));
    to_send("state", "levels", {{"a", 1}, {"b", 2}});
    // "b" is not in the snapshot: the follower must drop it, not merge.
    returned = to_send("state", "levels", {{"state", {{"a", 5}}}, {"is_snapshot", true}, {"current_num", 0}});
    while (to_send.sleep_for(50ms)) {
    }
  };
  sf::Service publisher(std::move(publisher_def),
                        options_for("publisher", {{"states", {{"out", {{"levels", {{"publisher", pub}, {"replyer", rep}}}}}}}}));
  publisher.run_service_as_main();
  follower.run_service();
  CHECK(followed.get_future().wait_for(20s) == std::future_status::ready);
  follower.stop_service();
  publisher.stop_service();
  CHECK(returned == Json{{"current_num", 2}});  // the framework numbers it, after #1
}
