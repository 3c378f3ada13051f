// The seed's object API (several services in one process, background and
// blocking runs, stop_service) and the -l log file with its workflow ids.
#include <csignal>
#include <filesystem>

#include <doctest/doctest.h>
#include <sf/service.hpp>

#include "process.hpp"

namespace {

sf::ServiceOptions options_for(const std::string& name, sf::Json addresses = sf::Json::object()) {
  sf::ServiceOptions options;
  options.name = name;
  options.addresses = std::move(addresses);
  return options;
}

sf::Json addresses(const std::string& endpoint) {
  return {{"connections",
           {{"in", {{"upper", {{"replyer", endpoint}}}}}, {"out", {{"upper", {{"requester", endpoint}}}}}}}};
}

}  // namespace

TEST_CASE("object API: a background replyer and a blocking main in one process") {
  sftest::TempDir dir;
  const std::string endpoint = "ipc://" + (dir / "upper").string();

  sf::Definition replyer_def;
  replyer_def.connection_models.in["upper"] =
      sf::replyer([](const sf::Json& args, sf::ToSend&, const sf::Json&, const sf::Json&) -> sf::Json {
        std::string text = args["text"];
        for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return {{"text", text}};
      }).required_arguments({{"text", "str"}}).required_return_arguments({{"text", "str"}});
  sf::Service replyer(std::move(replyer_def), options_for("upper", addresses(endpoint)));
  replyer.run_service();
  CHECK(replyer.is_running());

  std::vector<std::string> replies;
  sf::Definition caller_def;
  caller_def.connection_models.out["upper"] =
      sf::requester().required_arguments({{"text", "str"}}).required_return_arguments({{"text", "str"}});
  caller_def.main = [&](sf::ToSend& to_send, const sf::Json&, const sf::Json&) {
    for (const char* word : {"one", "two"}) replies.push_back(to_send("connection", "upper", {{"text", word}})["text"]);
  };
  sf::Service caller(std::move(caller_def), options_for("caller", addresses(endpoint)));
  caller.run_service_as_main_blocking();
  CHECK(replies == std::vector<std::string>{"ONE", "TWO"});

  replyer.stop_service();
  CHECK_FALSE(replyer.is_running());
}

TEST_CASE("object API: setup errors are thrown from run_service with the step and key") {
  sf::Definition d;
  d.config_model.required = {{"symbol", "str"}};
  sf::Service service(std::move(d), options_for("needs_symbol"));
  CHECK_THROWS_WITH_AS(service.run_service(), doctest::Contains("missing required key 'symbol'"), sf::Error);
  CHECK_FALSE(service.is_running());
}

TEST_CASE("-l writes an hourly log file whose lines carry the workflow id") {
  sftest::TempDir dir;
  const std::string endpoint = "ipc://" + (dir / "echo").string();
  sftest::write_json(dir / "addresses.json",
                     {{"connections", {{"in", {{"echo", {{"replyer", endpoint}}}}}, {"out", {{"echo", {{"requester", endpoint}}}}}}}});
  auto echo = sftest::Process::spawn({sftest::worker_binary().string(), "-s", sftest::plugin("echo").string(), "-a",
                                      (dir / "addresses.json").string(), "-l", (dir / "echo.log").string(), "-f",
                                      "debug", "-bc", "3", "--ready-fd", "3"},
                                     {.ready_pipe = true});
  REQUIRE_MESSAGE(echo.wait_ready(), echo.output());
  auto pinger = sftest::Process::spawn({sftest::worker_binary().string(), "-s", sftest::plugin("pinger").string(),
                                        "-a", (dir / "addresses.json").string(), "-m", "--count", "2"});
  auto done = pinger.wait_exit();
  REQUIRE_MESSAGE(done.has_value(), pinger.output());
  REQUIRE(sftest::exited_with(*done, 0));
  echo.signal(SIGINT);
  REQUIRE(echo.wait_exit().has_value());

  // spdlog's hourly sink names the file echo_YYYY-MM-DD_HH.log.
  std::string text;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().filename().string().starts_with("echo_")) text += sftest::read_file(entry.path());
  }
  REQUIRE_MESSAGE(!text.empty(), "no hourly log file was written");
  CHECK(text.find("text 'ping 0'") != std::string::npos);
  CHECK(text.find("text 'ping 1'") != std::string::npos);
  // Each handled request's line is tagged with its workflow id, not "-".
  CHECK(text.find("] [-] echo: workflow") == std::string::npos);
  CHECK(text.find("received SIGINT") != std::string::npos);
}

TEST_CASE("lifecycle hooks run in the seed's order and each one's result is used") {
  sftest::TempDir dir;
  std::vector<std::string> order;
  sf::Json seen_config;
  bool bound = false;
  sf::Definition d;
  d.config_model.required = {{"symbol", "str"}, {"count", "int"}};
  d.connection_models.out["ticks"] = sf::publisher().required_arguments({{"n", "int"}});
  d.setup_config = [&](const sf::Json&) -> sf::Json {
    order.push_back("setup_config");
    return {{"required", {{"count", 5}}}};  // the seed's shape, merged over the given config
  };
  d.setup_addresses = [&](const sf::Json&) -> sf::Json {
    order.push_back("setup_addresses");
    return {{"connections", {{"out", {{"ticks", {{"publisher", "ipc://" + (dir / "ticks").string()}}}}}}}};
  };
  d.setup_connections = [&](const sf::Json&) -> sf::Json {
    order.push_back("setup_connections");
    return {{"ticks", {{"topic", "t"}}}};
  };
  d.setup_states = [&](const sf::Json&) -> sf::Json {
    order.push_back("setup_states");
    return sf::Json::object();
  };
  d.init_function = [&](sf::ToSend&, const sf::Json&, const sf::Json&) { order.push_back("init_function"); };
  d.main = [&](sf::ToSend& to_send, const sf::Json&, const sf::Json& config) {
    order.push_back("main");
    seen_config = config;
    bound = std::filesystem::exists(dir / "ticks");  // the ipc endpoint setup_addresses gave
    to_send("connection", "ticks", {{"n", 1}});  // bound at the address setup_addresses gave
  };
  auto options = options_for("hooks");
  options.config = {{"symbol", "X"}};
  sf::Service service(std::move(d), options);
  service.run_service_as_main_blocking();
  CHECK(order == std::vector<std::string>{"setup_config", "setup_addresses", "setup_connections", "setup_states",
                                          "init_function", "main"});
  CHECK(seen_config == sf::Json{{"symbol", "X"}, {"count", 5}});
  CHECK(bound);
}
