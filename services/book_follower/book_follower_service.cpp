// book_follower: a delta_update_in copy of book_publisher's `book`. The
// framework keeps states["book"] in step (snapshot, deltas, resyncs); this
// service only looks at it: it logs the book's size and checksum after each
// resync and every `log_every` deltas, and its `book_checksum` replyer returns
// {checksum, current_num, levels, keys, spread, top} so a test or an operator
// can compare the copy with the publisher's (spread: best ask - best bid of
// this copy, an sf::Decimal computation). `top` is a full_update_in of the
// publisher's best levels. Shows: in-states of both kinds, an update handler,
// and a handler reading `states`.
#include <fmt/format.h>

#include <memory>

#include <sf/service.hpp>

#include "../book_publisher/book.hpp"

namespace {

struct FollowerProgress {
  std::int64_t current_num = 0;  // the publisher's number of the last change seen
  std::int64_t deltas = 0;
  std::string last_logged;       // checksum last logged, to log changes only
};

sf::Json setup_states(const sf::Json& config) {
  sf::Json book = sf::Json::object();
  for (const char* key : {"topic", "is_xsub", "snapshot_timeout_ms", "max_buffered"}) {
    if (config.contains(key)) book[key] = config[key];
  }
  sf::Json top = sf::Json::object();
  for (const char* key : {"topic", "snapshot_timeout_ms"}) {
    if (config.contains(key)) top[key] = config[key];
  }
  return {{"book", book}, {"top", top}};
}

const sf::Json& state_of(const sf::Json& states, const char* name) {
  static const sf::Json empty = sf::Json::object();
  auto it = states.find(name);
  return it == states.end() ? empty : *it;
}
const sf::Json& book_of(const sf::Json& states) { return state_of(states, "book"); }

void log_book(FollowerProgress& progress, const sf::Json& book) {
  std::string sum = book::checksum(book);
  if (sum == progress.last_logged) return;
  progress.last_logged = sum;
  sf::get_logger()->info("book_follower: book at #{}: {} levels, checksum {}", progress.current_num,
                         book::levels(book), sum);
}

}  // namespace

SF_SERVICE() {
  // Handlers all run on the service loop thread: no lock needed.
  auto progress = std::make_shared<FollowerProgress>();

  // Called by the framework after states["book"] changed. args: {"state": the
  // delta (or the whole book after a resync), "is_snapshot", "current_num"}.
  auto on_book_update = [progress](const sf::Json& args, sf::ToSend&, const sf::Json& states,
                                   const sf::Json& config) {
    progress->current_num = args["current_num"].get<std::int64_t>();
    const bool resync = args["is_snapshot"].get<bool>();
    const std::int64_t every = config.value("log_every", std::int64_t{1000});
    if (resync || (every > 0 && ++progress->deltas % every == 0)) log_book(*progress, book_of(states));
    return sf::Json();
  };

  auto on_checksum = [progress](const sf::Json&, sf::ToSend&, const sf::Json& states, const sf::Json&) {
    const sf::Json& book = book_of(states);
    sf::Json keys = sf::Json::array();
    for (const auto& [key, value] : book.items()) keys.push_back(key);
    log_book(*progress, book);
    sf::Json reply{{"checksum", book::checksum(book)},
                   {"current_num", progress->current_num},
                   {"levels", static_cast<std::int64_t>(book::levels(book))},
                   {"keys", std::move(keys)},
                   {"top", state_of(states, "top")}};
    // Computed from this copy of the book: equals the publisher's top spread
    // once both are in step.
    if (auto spread = book::spread(book)) reply["spread"] = *spread;
    return reply;
  };

  sf::Definition d;
  d.config_model.optional = {{"topic", "str"},
                             {"is_xsub", "bool"},
                             {"snapshot_timeout_ms", "int"},
                             {"max_buffered", "int"},
                             {"log_every", "int"}};
  sf::StateModel book_state = sf::delta_update_in();
  book_state.arguments = book::model();
  book_state.handler = on_book_update;
  d.state_models.in["book"] = std::move(book_state);
  d.state_models.in["top"] =
      sf::full_update_in()
          .required_arguments({{"levels", "int"}})
          .optional_arguments({{"best_bid", "decimal"}, {"best_ask", "decimal"}, {"spread", "decimal"}});
  d.connection_models.in["book_checksum"] =
      sf::replyer(on_checksum)
          .required_return_arguments({{"checksum", "str"}, {"current_num", "int"}})
          .optional_return_arguments(
              {{"levels", "int"},
               {"keys", "list[str]"},
               {"spread", "decimal"},
               {"top",
                {{"optional",
                  {{"levels", "int"}, {"best_bid", "decimal"}, {"best_ask", "decimal"}, {"spread", "decimal"}}}}}});
  d.setup_states = setup_states;
  return d;
}
