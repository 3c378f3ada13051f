// tick_counter: a subscriber to the ticker's `ticks`. Counts ticks, checks the
// sequence has no gaps, and reports the totals when SIGINT or SIGTERM stops it
// (and on SIGUSR1, which leaves it running).
// Shows: a subscriber, per-service state kept outside the framework's states,
// and signal handlers that run on the service loop (not in a signal context).
#include <fmt/format.h>

#include <csignal>
#include <limits>
#include <memory>

#include <sf/service.hpp>

namespace {

struct TickTally {
  std::int64_t received = 0;
  std::int64_t gaps = 0;
  std::int64_t next_seq = -1;  // -1: nothing seen yet; a late joiner starts anywhere
};

sf::Json setup_connections(const sf::Json& config) {
  sf::Json ticks = sf::Json::object();
  if (config.contains("topic")) ticks["topic"] = config["topic"];
  return {{"ticks", ticks}};
}

}  // namespace

SF_SERVICE() {
  // Handlers run on the one service-loop thread, so the tally needs no lock.
  auto tally = std::make_shared<TickTally>();

  auto on_tick = [tally](const sf::Json& args, sf::ToSend&, const sf::Json&, const sf::Json& config) {
    const auto seq = args["seq"].get<std::int64_t>();
    if (tally->next_seq >= 0 && seq != tally->next_seq) {
      ++tally->gaps;
      sf::get_logger()->error("tick_counter: gap: expected seq {}, got {}", tally->next_seq, seq);
    }
    // seq is an int64 from any publisher (a Python one included): past its
    // maximum the only successor is a wrap, to 0 where a fresh publisher
    // starts. `seq + 1` there was signed overflow (UB; it happened to wrap to
    // a negative that silently switched gap detection off).
    tally->next_seq = seq == std::numeric_limits<std::int64_t>::max() ? 0 : seq + 1;
    ++tally->received;
    // `expect` lets a test (or an operator) see "all in" without polling counts.
    if (config.contains("expect") && tally->received == config["expect"].get<std::int64_t>()) {
      sf::get_logger()->info("tick_counter: all {} expected ticks received", tally->received);
    }
    return sf::Json();
  };

  auto report = [tally](int signum, sf::ToSend&, const sf::Json&, const sf::Json&) {
    const char* name = signum == SIGINT ? "SIGINT" : signum == SIGTERM ? "SIGTERM" : "SIGUSR1";
    sf::get_logger()->info("tick_counter: received {} ticks, {} gaps ({})", tally->received, tally->gaps, name);
  };

  sf::Definition d;
  d.config_model.optional = {{"topic", "str"}, {"expect", "int"}};
  d.connection_models.in["ticks"] =
      sf::subscriber(on_tick).required_arguments({{"seq", "int"}, {"price", "decimal"}, {"ts", "datetime"}});
  d.setup_connections = setup_connections;
  d.sigint_handler = report;
  d.sigterm_handler = report;
  d.sigusr1_handler = report;  // `sfsup signal tick_counter SIGUSR1`: the totals so far, and it goes on
  return d;
}
