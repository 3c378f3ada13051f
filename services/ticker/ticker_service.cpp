// ticker: a leading-edge publisher. Publishes `count` ticks {seq, price, ts} at
// `rate_hz` on the `ticks` connection, optionally under a topic. Shows: main
// mode, a publisher, decimal and datetime values, setup_connections, and
// wait_subscribers() instead of a sleep against ZeroMQ's slow-joiner problem.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include <sf/service.hpp>

namespace {

using Clock = std::chrono::steady_clock;

// A made-up but deterministic price, built as a string so it stays exact:
// 100.00, 100.25, ... wrapping every 400 ticks.
sf::Json price_of(std::int64_t seq) {
  const std::int64_t cents = 10000 + (seq % 400) * 25;
  return sf::decimal(fmt::format("{}.{:02}", cents / 100, cents % 100));
}

sf::Json setup_connections(const sf::Json& config) {
  sf::Json ticks = sf::Json::object();
  if (config.contains("topic")) ticks["topic"] = config["topic"];
  return {{"ticks", ticks}};
}

void ticker_main(sf::ToSend& to_send, const sf::Json& /*states*/, const sf::Json& config) {
  auto log = sf::get_logger();
  const std::int64_t count = config["count"].get<std::int64_t>();
  const double rate_hz = config.value("rate_hz", 1000.0);
  const int subscribers = config.value("wait_subscribers", 0);
  const auto wait_timeout = std::chrono::milliseconds(config.value("wait_timeout_ms", 10000));
  if (rate_hz <= 0) throw sf::Error("ticker: config 'rate_hz' must be > 0");

  if (subscribers > 0) {
    log->info("ticker: waiting for {} subscriber(s)", subscribers);
    if (!to_send.wait_subscribers("ticks", subscribers, wait_timeout)) {
      if (to_send.stop_requested()) return;
      throw sf::Error(fmt::format("ticker: fewer than {} subscriber(s) within {} ms", subscribers,
                                  wait_timeout.count()));
    }
  }

  // Paced against the start time, not tick to tick, so the rate does not drift.
  const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate_hz));
  const auto start = Clock::now();
  std::int64_t sent = 0;
  for (; sent < count; ++sent) {
    to_send.connection("ticks", {{"seq", sent}, {"price", price_of(sent)}, {"ts", sf::now()}});
    const auto due = start + period * (sent + 1);
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(due - Clock::now());
    if (!to_send.sleep_for(std::max(wait, std::chrono::milliseconds(0)))) {
      ++sent;
      break;
    }
  }
  log->info("ticker: sent {} ticks", sent);
}

}  // namespace

SF_SERVICE() {
  sf::Definition d;
  d.config_model.required = {{"count", "int"}};
  d.config_model.optional = {{"rate_hz", "float"},  // any number: 100 or 2.5
                             {"topic", "str"},
                             {"wait_subscribers", "int"},
                             {"wait_timeout_ms", "int"}};
  d.connection_models.out["ticks"] =
      sf::publisher().required_arguments({{"seq", "int"}, {"price", "decimal"}, {"ts", "datetime"}});
  d.setup_connections = setup_connections;
  d.main = ticker_main;
  return d;
}
