// pinger: a leading-edge (main mode) requester. Sends `count` requests to the
// `echo` connection and checks every reply is what was sent (with the optional
// `expect_prefix` an echo configured with `prefix` adds). A wrong reply throws,
// so the worker exits non-zero: the pinger doubles as an end-to-end check.
#include <fmt/format.h>

#include <sf/service.hpp>

namespace {

void pinger_main(sf::ToSend& to_send, const sf::Json& /*states*/, const sf::Json& config) {
  auto log = sf::get_logger();
  const auto count = config.value("count", 10);
  const auto interval = std::chrono::milliseconds(config.value("interval_ms", 0));
  const auto prefix = config.value("expect_prefix", std::string());

  int replies = 0;
  for (int i = 0; i < count; ++i) {
    if (to_send.stop_requested()) break;
    const std::string text = fmt::format("ping {}", i);
    sf::Json reply = to_send.connection("echo", {{"text", text}});
    const std::string expected = prefix + text;
    if (reply["text"] != expected) {
      throw sf::Error(fmt::format("pinger: reply {} to '{}' is not '{}'", reply.dump(), text, expected));
    }
    ++replies;
    log->info("pinger: reply {} ok: '{}'", i, reply["text"].get<std::string>());
    if (interval.count() > 0 && !to_send.sleep_for(interval)) break;
  }
  log->info("pinger: {} of {} replies ok", replies, count);
}

// `timeout_ms`: how long one request waits for its reply before the
// requester resends it (the framework's default is 5 s; a chaos test that
// kills the echo wants a faster retry).
sf::Json setup_connections(const sf::Json& config) {
  sf::Json echo = sf::Json::object();
  if (config.contains("timeout_ms")) echo["timeout_ms"] = config["timeout_ms"];
  return {{"echo", echo}};
}

}  // namespace

SF_SERVICE() {
  sf::Definition d;
  d.config_model.optional = {
      {"count", "int"}, {"interval_ms", "int"}, {"expect_prefix", "str"}, {"timeout_ms", "int"}};
  d.connection_models.out["echo"] = sf::requester()
                                        .required_arguments({{"text", "str"}})
                                        .required_return_arguments({{"text", "str"}});
  d.setup_connections = setup_connections;
  d.main = pinger_main;
  return d;
}
