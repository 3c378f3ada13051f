// The seed's object API (several services in one process, background and
// blocking runs, stop_service) and the -l log file with its workflow ids.
#include <csignal>
#include <filesystem>
#include <thread>

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

TEST_CASE("-l writes exactly PATH and its lines carry the workflow id") {
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

  // The Python framework's name: PATH itself (rotated files get PATH.YYYY-MM-DD_HH).
  std::string text;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().filename().string().starts_with("echo.log")) text += sftest::read_file(entry.path());
  }
  REQUIRE_MESSAGE(std::filesystem::exists(dir / "echo.log"), "no log file at the -l path");
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

TEST_CASE("SIGHUP reopens the -l file after it was moved away and the worker goes on") {
  sftest::TempDir dir;
  const std::string endpoint = "ipc://" + (dir / "echo").string();
  sftest::write_json(dir / "addresses.json", {{"connections", {{"in", {{"echo", {{"replyer", endpoint}}}}}}}});
  auto echo = sftest::Process::spawn({sftest::worker_binary().string(), "-s", sftest::plugin("echo").string(), "-a",
                                      (dir / "addresses.json").string(), "-l", (dir / "echo.log").string(),
                                      "--ready-fd", "3"},
                                     {.ready_pipe = true});
  REQUIRE_MESSAGE(echo.wait_ready(), echo.output());
  std::filesystem::rename(dir / "echo.log", dir / "echo.log.1");  // what logrotate does
  echo.signal(SIGHUP);
  REQUIRE_MESSAGE(echo.wait_for_output("received SIGHUP: log files reopened"), echo.output());
  CHECK(echo.running());
  echo.signal(SIGTERM);
  auto status = echo.wait_exit();
  REQUIRE(status);
  CHECK_MESSAGE(sftest::exited_with(*status, 0), echo.output());
  const std::string before = sftest::read_file(dir / "echo.log.1");
  const std::string after = sftest::read_file(dir / "echo.log");
  CHECK_MESSAGE(before.find("serving") != std::string::npos, before);
  CHECK_MESSAGE(after.find("received SIGHUP: log files reopened") != std::string::npos, after);
  CHECK_MESSAGE(after.find("received SIGTERM") != std::string::npos, after);
  CHECK(before.find("received SIGTERM") == std::string::npos);
}

TEST_CASE("object API: each service has its own logger name - levels and file") {
  sftest::TempDir dir;
  auto make = [](const char* who) {
    sf::Definition d;
    d.main = [who](sf::ToSend&, const sf::Json&, const sf::Json&) {
      sf::get_logger()->debug("{} debug line", who);
      sf::get_logger()->info("{} info line", who);
    };
    return d;
  };
  auto quiet_options = options_for("quiet");
  quiet_options.log_path = (dir / "quiet.log").string();
  quiet_options.file_loglevel = "warning";
  sf::Service quiet(make("quiet"), quiet_options);
  auto chatty_options = options_for("chatty");
  chatty_options.log_path = (dir / "chatty.log").string();
  chatty_options.file_loglevel = "debug";
  sf::Service chatty(make("chatty"), chatty_options);  // made second: must not touch quiet's logger

  quiet.run_service_as_main_blocking();
  chatty.run_service_as_main_blocking();
  const std::string quiet_log = sftest::read_file(dir / "quiet.log");
  const std::string chatty_log = sftest::read_file(dir / "chatty.log");
  CHECK_MESSAGE(quiet_log.find("quiet") == std::string::npos, quiet_log);  // nothing at warning or above
  CHECK_MESSAGE(chatty_log.find("[chatty] [-] chatty debug line") != std::string::npos, chatty_log);
  CHECK_MESSAGE(chatty_log.find("[chatty] [-] chatty info line") != std::string::npos, chatty_log);
  CHECK(chatty_log.find("quiet") == std::string::npos);
}

TEST_CASE("object API: two services naming one log file share it with their own names and levels") {
  sftest::TempDir dir;
  auto make = [](const char* who) {
    sf::Definition d;
    d.main = [who](sf::ToSend&, const sf::Json&, const sf::Json&) { sf::get_logger()->info("{} was here", who); };
    return d;
  };
  auto first_options = options_for("first");
  first_options.log_path = (dir / "both.log").string();
  auto second_options = options_for("second");
  second_options.log_path = (dir / "both.log").string();
  second_options.file_loglevel = "error";
  sf::Service first(make("first"), first_options);
  sf::Service second(make("second"), second_options);
  first.run_service_as_main_blocking();
  second.run_service_as_main_blocking();
  const std::string log = sftest::read_file(dir / "both.log");
  CHECK_MESSAGE(log.find("[first] [-] first was here") != std::string::npos, log);
  CHECK_MESSAGE(log.find("second was here") == std::string::npos, log);
}

TEST_CASE("object API: a bad level name is a clear error and INFO is a level") {
  auto options = options_for("levels");
  options.console_loglevel = "INFO";
  options.file_loglevel = "Warning";
  CHECK_NOTHROW(sf::Service(sf::Definition{}, options));
  options.console_loglevel = "LOUD";
  CHECK_THROWS_WITH_AS(sf::Service(sf::Definition{}, options), doctest::Contains("-cl 'LOUD': unknown log level"),
                       sf::Error);
}

TEST_CASE("object API: run_service on a running service throws - after stop_service it runs again") {
  sftest::TempDir dir;
  sf::Definition d;
  d.connection_models.in["upper"] =
      sf::replyer([](const sf::Json& args, sf::ToSend&, const sf::Json&, const sf::Json&) -> sf::Json { return args; })
          .required_arguments({{"text", "str"}});
  sf::Service service(std::move(d), options_for("twice", addresses("ipc://" + (dir / "upper").string())));
  service.run_service();
  CHECK_THROWS_WITH_AS(service.run_service(), doctest::Contains("already running; call stop_service() first"),
                       sf::Error);
  CHECK_THROWS_WITH_AS(service.run_service_blocking(), doctest::Contains("already running"), sf::Error);
  CHECK(service.is_running());
  service.stop_service();
  CHECK_FALSE(service.is_running());
  service.run_service();
  CHECK(service.is_running());
  service.stop_service();
}

TEST_CASE("object API: stop_service runs the service's sigterm_handler on its thread with to_send") {
  sftest::TempDir dir;
  int handled_signum = 0;
  bool sent = false;
  std::thread::id handler_thread;
  std::thread::id service_thread;
  sf::Definition d;
  d.connection_models.out["bye"] = sf::publisher().required_arguments({{"n", "int"}});
  d.init_function = [&](sf::ToSend&, const sf::Json&, const sf::Json&) { service_thread = std::this_thread::get_id(); };
  d.sigterm_handler = [&](int signum, sf::ToSend& to_send, const sf::Json&, const sf::Json&) {
    handled_signum = signum;
    handler_thread = std::this_thread::get_id();
    to_send("connection", "bye", {{"n", 1}});  // throws (and is logged) if to_send did not work
    sent = true;
  };
  sf::Json bye_addresses = {{"connections", {{"out", {{"bye", {{"publisher", "ipc://" + (dir / "bye").string()}}}}}}}};
  sf::Service service(std::move(d), options_for("stopper", bye_addresses));
  service.run_service();
  service.stop_service();
  CHECK_FALSE(service.is_running());
  CHECK(handled_signum == SIGTERM);
  CHECK(sent);
  CHECK(handler_thread == service_thread);  // the service's own thread, not the caller's
  CHECK(handler_thread != std::this_thread::get_id());
}
