// book_publisher: a leading-edge delta_update_out. Keeps a small order book
// (`depth` price levels a side, {decimal: decimal}) and publishes each change
// as a delta on the `book` state: the side that changed, the update time, and
// now and then a last trade that a later delta deletes again (null). The
// framework numbers the deltas, answers snapshot requests and publishes a
// snapshot every snapshot_interval_ms. Shows: main mode, a delta state,
// setup_states, and the number to_send hands back for a state. It also keeps
// `top` (full_update_out): the best bid and ask and the spread, computed with
// sf::Decimal and replaced whole on each change.
// A late joiner gets it at once from the publisher's last-value reply.
#include <fmt/format.h>

#include <chrono>
#include <random>

#include <sf/service.hpp>

#include "book.hpp"

namespace {

using Clock = std::chrono::steady_clock;

sf::Json setup_states(const sf::Json& config) {
  sf::Json common = sf::Json::object();
  for (const char* key : {"topic", "heartbeat_ms", "is_xpub"}) {
    if (config.contains(key)) common[key] = config[key];
  }
  sf::Json book = common;
  book["snapshot_interval_ms"] = config.value("snapshot_interval_ms", 2000);
  return {{"book", book}, {"top", common}};
}

// Prices are exact decimals on a one-cent grid around the 100.00 mid:
// "99.95", "100.05", computed as a Python service would, never via a double.
const sf::Decimal kMid("100.00");
const sf::Decimal kTick("0.01");
sf::Decimal price_at(std::int64_t ticks_from_mid) { return kMid + kTick * ticks_from_mid; }

// The service's own copy of the book, changed exactly as a follower changes
// its copy (keys set, null deletes), so both checksums can be compared.
void apply_to(sf::Json& book, const sf::Json& delta) {
  for (const auto& [key, value] : delta.items()) {
    if (value.is_null()) {
      book.erase(key);
    } else {
      book[key] = value;
    }
  }
}

// The best levels, and the spread between them, all exact decimals.
sf::Json top_of(const sf::Json& book) {
  sf::Json top = {{"levels", static_cast<std::int64_t>(book::levels(book))}};
  if (auto bid = book::best_price(book, "bids")) top["best_bid"] = *bid;
  if (auto ask = book::best_price(book, "asks")) top["best_ask"] = *ask;
  if (auto spread = book::spread(book)) top["spread"] = *spread;
  return top;
}

class BookMaker {
 public:
  BookMaker(std::uint64_t seed, int depth) : rng_(seed), depth_(depth) {}

  // The next change. The first one sets both sides (they are required keys).
  sf::Json next_delta(std::int64_t step, const sf::Json& book) {
    sf::Json delta = sf::Json::object();
    if (step == 0) {
      delta["bids"] = sf::Json::object();
      delta["asks"] = sf::Json::object();
    }
    const bool bid = rng_() % 2 == 0;
    const char* side = bid ? "bids" : "asks";
    sf::Json levels = delta.contains(side) ? delta[side] : book.value(side, sf::Json::object());
    // Levels live on a grid twice the depth wide, so they come and go.
    const std::int64_t offset = 1 + static_cast<std::int64_t>(rng_() % (2 * depth_));
    const sf::Decimal price = price_at(bid ? -offset : offset);
    const std::uint64_t size = rng_() % 40;
    const std::string key = price.to_string();  // map[decimal, ...] keys are str(Decimal)
    if (size < 8 || (!levels.contains(key) && static_cast<int>(levels.size()) >= depth_)) {
      levels.erase(key);
    } else {
      // Sizes in tenths: "12.3", and "12.0" for a whole size, as Python prints 12 + 0.0.
      levels[key] = sf::Decimal(size) + sf::Decimal(rng_() % 10) * sf::Decimal("0.1");
    }
    delta[side] = std::move(levels);
    delta["updated_time"] = sf::now();
    if (step % 10 == 3) delta["last_trade"] = price;
    if (step % 10 == 7 && book.contains("last_trade")) delta["last_trade"] = nullptr;  // deleted
    return delta;
  }

 private:
  std::mt19937_64 rng_;
  int depth_;
};

void publisher_main(sf::ToSend& to_send, const sf::Json& /*states*/, const sf::Json& config) {
  auto log = sf::get_logger();
  const std::int64_t count = config.value("count", std::int64_t{0});
  const double rate_hz = config.value("rate_hz", 1000.0);
  const int depth = config.value("depth", 5);
  const bool hold = config.value("hold", true);
  const int subscribers = config.value("wait_subscribers", 0);
  if (rate_hz <= 0 || depth <= 0 || count < 0) {
    throw sf::Error("book_publisher: config rate_hz and depth must be > 0, count >= 0 (0: forever)");
  }
  if (subscribers > 0 &&
      !to_send.wait_subscribers("book", subscribers, std::chrono::milliseconds(config.value("wait_timeout_ms", 10000)))) {
    if (to_send.stop_requested()) return;
    throw sf::Error(fmt::format("book_publisher: fewer than {} follower(s) subscribed in time", subscribers));
  }

  BookMaker maker(config.value("seed", std::uint64_t{1}), depth);
  sf::Json book = sf::Json::object();
  sf::Json top;
  std::int64_t current_num = 0;
  std::int64_t sent = 0;
  const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate_hz));
  const auto start = Clock::now();
  for (; count == 0 || sent < count; ++sent) {
    sf::Json delta = maker.next_delta(sent, book);
    current_num = to_send.state("book", delta)["current_num"].get<std::int64_t>();
    apply_to(book, delta);
    if (sf::Json now_top = top_of(book); now_top != top) {
      top = std::move(now_top);
      to_send.state("top", top);
    }
    const auto due = start + period * (sent + 1);
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(due - Clock::now());
    if (!to_send.sleep_for(std::max(wait, std::chrono::milliseconds(0)))) {
      ++sent;
      break;
    }
  }
  log->info("book_publisher: done: {} deltas, current_num {}, {} levels, checksum {}", sent, current_num,
            book::levels(book), book::checksum(book));
  // Stay up to serve snapshots and heartbeats to followers until stopped.
  while (hold && to_send.sleep_for(std::chrono::milliseconds(1000))) {
  }
}

}  // namespace

SF_SERVICE() {
  sf::Definition d;
  d.config_model.optional = {{"count", "int"},          {"rate_hz", "float | int"},
                             {"depth", "int"},          {"seed", "int"},
                             {"hold", "bool"},          {"topic", "str"},
                             {"is_xpub", "bool"},       {"snapshot_interval_ms", "int"},
                             {"heartbeat_ms", "int"},   {"wait_subscribers", "int"},
                             {"wait_timeout_ms", "int"}};
  sf::StateModel book_state = sf::delta_update_out();
  book_state.arguments = book::model();
  book_state.required_return_arguments({{"current_num", "int"}});
  d.state_models.out["book"] = std::move(book_state);
  d.state_models.out["top"] = sf::full_update_out()
                                  .required_arguments({{"levels", "int"}})
                                  .optional_arguments(
                                      {{"best_bid", "decimal"}, {"best_ask", "decimal"}, {"spread", "decimal"}});
  d.setup_states = setup_states;
  d.main = publisher_main;
  return d;
}
