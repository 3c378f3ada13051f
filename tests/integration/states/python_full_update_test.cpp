// Full-update states against the real Python framework's shape: addresses
// name only the publisher / subscriber socket (no last-value socket), and a
// Python follower runs its handler on every publication it receives.
#include <atomic>
#include <future>

#include <doctest/doctest.h>
#include <sf/service.hpp>

#include "process.hpp"

using sf::Json;
using sftest::Process;
using sftest::TempDir;
using namespace std::chrono_literals;

namespace {

Process start_python(const std::string& script, std::vector<std::string> args) {
  std::vector<std::string> argv = {"/usr/bin/python3", (sftest::source_dir() / "tools" / "interop" / script).string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return Process::spawn(argv, {.env = {{"PYTHONUNBUFFERED", "1"}, {"PYTHONDONTWRITEBYTECODE", "1"}}});
}

sf::ServiceOptions options_for(const std::string& name, Json addresses) {
  sf::ServiceOptions options;
  options.name = name;
  options.addresses = std::move(addresses);
  return options;
}

}  // namespace

TEST_CASE("full update: a Python follower's handler runs once per value from our publisher") {
  TempDir dir;
  const std::string endpoint = "ipc://" + (dir / "level").string();
  // Three values, then quiet for longer than two of the old 1 s republishes.
  auto follower = start_python("py_full_update.py", {"follow", endpoint, "3", "2.5"});
  REQUIRE_MESSAGE(follower.wait_for_output("py_full_follower: subscribed"), follower.output());

  sf::Definition d;
  d.state_models.out["level"] = sf::full_update_out().required_arguments({{"level", "int"}});
  d.main = [](sf::ToSend& to_send, const Json&, const Json&) {
    REQUIRE(to_send.wait_subscribers("level", 1, 10s));
    for (int level = 0; level < 3; ++level) to_send("state", "level", {{"level", level}});
    while (to_send.sleep_for(50ms)) {  // stays up (and would republish) until stopped
    }
  };
  // The Python addresses shape: a publisher, no replyer.
  sf::Service publisher(std::move(d), options_for("level", {{"states", {{"out", {{"level", {{"publisher", endpoint}}}}}}}}));
  publisher.run_service_as_main();

  auto status = follower.wait_exit(30s);
  publisher.stop_service();
  REQUIRE_MESSAGE(status, follower.output());
  CHECK_MESSAGE(sftest::exited_with(*status, 0), follower.output());
  CHECK_MESSAGE(follower.output().find("handler calls 3, distinct 3, last {'level': 2}") != std::string::npos,
                follower.output());
}

TEST_CASE("full update: our follower in the Python shape takes a Python publisher's values") {
  TempDir dir;
  const std::string endpoint = "ipc://" + (dir / "level").string();
  auto publisher = start_python("py_full_update.py", {"publish", endpoint, "5"});
  REQUIRE_MESSAGE(publisher.wait_for_output("py_full_publisher: bound"), publisher.output());

  std::atomic<int> calls{0};
  std::promise<Json> last;
  sf::Definition d;
  d.state_models.in["level"] = sf::full_update_in().required_arguments({{"level", "int"}});
  d.state_models.in["level"].handler = [&](const Json& args, sf::ToSend&, const Json&, const Json&) -> Json {
    if (++calls == 5) last.set_value(args);
    return nullptr;
  };
  // No requester: the last-value request is skipped, not an error.
  sf::Service follower(std::move(d), options_for("follower", {{"states", {{"in", {{"level", {{"subscriber", endpoint}}}}}}}}));
  follower.run_service();
  auto value = last.get_future();
  REQUIRE_MESSAGE(value.wait_for(20s) == std::future_status::ready, publisher.output());
  CHECK(value.get() == Json{{"level", 4}});
  auto status = publisher.wait_exit(20s);
  REQUIRE_MESSAGE(status, publisher.output());
  CHECK(sftest::exited_with(*status, 0));
  follower.stop_service();
}
