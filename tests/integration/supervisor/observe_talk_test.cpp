// `sfsup call`, `tap` and `state` against a running topology (a copy of
// topologies/market.yaml pointed at this build's plugins), and with
// --address against Python peers (tools/interop).
#include <unistd.h>

#include <fstream>
#include <functional>
#include <regex>
#include <sstream>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <zmq.hpp>

#include "python_peer.hpp"
#include "sfsup_fixture.hpp"

using namespace sfsup_test;
using sftest::Process;

namespace {

// sfsup's stdout and stderr apart: stdout must stay machine-readable.
struct Split {
  int status = -1;
  std::string out;
  std::string err;
  bool ok() const { return sftest::exited_with(status, 0); }
  bool exited(int code) const { return sftest::exited_with(status, code); }
};

// market.yaml with its plugins found in this build tree; `edit` changes the
// text (e.g. the book builder's config) before it is written.
class Market {
 public:
  explicit Market(const std::function<std::string(std::string)>& edit = {}) {
    std::string yaml = sftest::read_file(sftest::source_dir() / "topologies" / "market.yaml");
    yaml = std::regex_replace(yaml, std::regex(R"(\.\./build/services)"), (sftest::build_dir() / "services").string());
    if (edit) yaml = edit(yaml);
    std::ofstream(tmp_ / "market.yaml") << yaml;
    const Split up = sfsup({"up", (tmp_ / "market.yaml").string(), "-d"});
    REQUIRE_MESSAGE(up.ok(), up.out << up.err);
  }
  ~Market() { sfsup({"down"}); }
  Market(const Market&) = delete;

  std::filesystem::path dir() const { return tmp_.path(); }
  std::filesystem::path log_of(const std::string& service) const { return tmp_ / "run" / "logs" / (service + ".log"); }

  Split sfsup(std::vector<std::string> args) const {
    args.insert(args.end(), {"--run-dir", (tmp_ / "run").string()});
    return run_split(args);
  }

  static Split run_split(const std::vector<std::string>& args, const std::filesystem::path& err_file) {
    std::vector<std::string> argv = {"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>\"$SFSUP_TEST_ERR\"",
                                     sftest::sfsup_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    sftest::SpawnOptions options;
    options.env = {{"SFSUP_TEST_ERR", err_file.string()}};
    auto p = Process::spawn(argv, options);
    auto status = p.wait_exit(60s);
    REQUIRE_MESSAGE(status.has_value(), p.output());
    return Split{*status, p.output(), sftest::read_file(err_file)};
  }
  Split run_split(const std::vector<std::string>& args) const { return run_split(args, tmp_ / "stderr.txt"); }

 private:
  sftest::TempDir tmp_;
};

// Waits (bounded) for `needle` in a service's log file, written through sfsup's pipe.
bool log_has(const std::filesystem::path& log, const std::string& needle, std::chrono::milliseconds timeout = 20s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(log) && sftest::read_file(log).find(needle) != std::string::npos) return true;
    // A log line has no readiness signal of its own: poll the file, bounded by the deadline.
    ::usleep(20'000);
  }
  return false;
}

std::string workflow_of(const std::string& err) {
  std::smatch m;
  return std::regex_search(err, m, std::regex(R"(workflow ([0-9a-f-]{36}))")) ? m[1].str() : "";
}

std::vector<sf::Json> json_lines(const std::string& text) {
  std::vector<sf::Json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(sf::Json::parse(line));  // throws on a line that is not JSON
  return lines;
}


}  // namespace

TEST_CASE("call: args typed by the replyer's model reach it exact - the reply on stdout - the workflow id on stderr") {
  Market market;
  // Commas in the JSON, a decimal with a trailing zero written as a string.
  const Split call = market.sfsup(
      {"call", "execution.orders", R"({"symbol": "TALK-OK", "side": "buy", "qty": 3, "price": "101.250"})"});
  REQUIRE_MESSAGE(call.ok(), call.out << call.err);
  const sf::Json reply = sf::Json::parse(call.out);  // stdout is the reply alone
  CHECK(reply["status"] == "filled");
  CHECK(reply["order_id"].get<std::string>().starts_with("ord-"));
  const std::string workflow = workflow_of(call.err);
  REQUIRE_MESSAGE(!workflow.empty(), call.err);
  // The handler got the exact decimal, under the call's workflow id.
  CHECK(log_has(market.log_of("execution"), "buy 3 TALK-OK @ 101.250 filled as " +
                                                reply["order_id"].get<std::string>() + " (workflow " + workflow + ")"));
  // YAML flow works too.
  const Split yaml = market.sfsup({"call", "execution.orders", "{symbol: TALK-YAML, side: sell, qty: 1, price: '7.10'}"});
  CHECK_MESSAGE(yaml.ok(), yaml.err);
  CHECK(log_has(market.log_of("execution"), "sell 1 TALK-YAML @ 7.10 filled"));
}

TEST_CASE("call: a model mismatch is refused before sending - with the model - the replyer never sees it") {
  Market market;
  const std::string bad = R"({"symbol": "TALK-BAD", "side": "buy", "qty": "two", "price": "1"})";
  const Split refused = market.sfsup({"call", "execution.orders", bad});
  CHECK(refused.exited(1));
  CHECK(refused.out.empty());
  CHECK_MESSAGE(refused.err.find("nothing sent): args.qty: expected int, got str") != std::string::npos, refused.err);
  CHECK_MESSAGE(refused.err.find(R"("qty":"int")") != std::string::npos, refused.err);  // the model shown
  CHECK(refused.err.find('\n') == refused.err.size() - 1);                             // one line

  // The same args sent unchecked (--address has no model): the replyer logs
  // its rejection. Its log is written in order, so once this line is there,
  // a line for the refused call would be there before it.
  const std::string endpoint = market.sfsup({"status", "--json"}).out;
  const auto status = sf::Json::parse(endpoint);
  std::string address;
  for (const auto& s : status["services"])
    if (s["name"] == "execution") address = s["endpoints"]["in.orders.replyer"];
  REQUIRE(!address.empty());
  const Split sent = market.sfsup({"call", "execution.orders", bad, "--address", address});
  CHECK(sent.exited(1));
  CHECK_MESSAGE(sent.err.find("answered with an error (invalid_args)") != std::string::npos, sent.err);
  const std::string workflow = workflow_of(sent.err);
  REQUIRE_MESSAGE(!workflow.empty(), sent.err);
  REQUIRE(log_has(market.log_of("execution"), "[" + workflow + "] connection 'orders': rejected request"));
  const std::string log = sftest::read_file(market.log_of("execution"));
  std::size_t rejections = 0;
  for (std::size_t at = log.find("rejected request"); at != std::string::npos; at = log.find("rejected request", at + 1))
    ++rejections;
  CHECK(rejections == 1);  // only the unchecked one
}

TEST_CASE("call: no answer within --timeout-ms is exit 1 naming the workflow - the request was sent") {
  sftest::TempDir tmp;
  zmq::context_t context(1);
  zmq::socket_t silent(context, zmq::socket_type::router);  // takes requests, never answers
  silent.set(zmq::sockopt::linger, 0);
  const std::string endpoint = "ipc://" + (tmp / "silent.sock").string();
  silent.bind(endpoint);
  const Split call = Market::run_split({"call", "nobody.orders", "{}", "--address", endpoint, "--timeout-ms", "300"},
                                       tmp / "stderr.txt");
  CHECK(call.exited(1));
  CHECK_MESSAGE(call.err.find("did not answer within 300 ms (workflow ") != std::string::npos, call.err);
  zmq::pollitem_t item{silent.handle(), 0, ZMQ_POLLIN, 0};
  CHECK(zmq::poll(&item, 1, std::chrono::milliseconds(5000)) == 1);
}

TEST_CASE("tap --count 3 prints 3 JSON lines of the feed's ticks") {
  Market market;
  const Split tap = market.sfsup({"tap", "feed.ticks", "--count", "3", "--timeout-ms", "30000"});
  REQUIRE_MESSAGE(tap.ok(), tap.err);
  const auto lines = json_lines(tap.out);
  REQUIRE(lines.size() == 3);
  std::int64_t last_seq = -1;
  for (const auto& line : lines) {
    CHECK(line["topic"] == "");
    CHECK(line["workflow_id"].get<std::string>().size() == 36);  // a leading edge's uuid text
    CHECK(line["args"]["price"].is_string());                     // a decimal, as its exact text
    CHECK(std::regex_match(line["args"]["price"].get<std::string>(), std::regex(R"(\d+\.\d\d)")));
    CHECK(line["args"]["seq"].get<std::int64_t>() > last_seq);
    last_seq = line["args"]["seq"].get<std::int64_t>();
  }
}

TEST_CASE("tap on a delta state prints its deltas - state prints the book they build") {
  // The book builder publishes 40 deltas once two subscribers are there (the
  // strategy and this tap), then holds its book: nothing moves after.
  Market market([](std::string yaml) {
    return std::regex_replace(yaml, std::regex(R"(config: \{count: 0, rate_hz: 20, depth: 5, snapshot_interval_ms: 5000\})"),
                              "config: {count: 40, rate_hz: 200, depth: 5, snapshot_interval_ms: 600000, "
                              "wait_subscribers: 2, wait_timeout_ms: 120000}");
  });
  const Split tap = market.sfsup({"tap", "book_builder.states.book", "--count", "40", "--timeout-ms", "60000"});
  REQUIRE_MESSAGE(tap.ok(), tap.err);
  const auto lines = json_lines(tap.out);
  REQUIRE(lines.size() == 40);
  sf::Json book = sf::Json::object();
  std::int64_t last = 0;
  for (const auto& line : lines) {
    const auto& args = line["args"];
    CHECK(args["is_snapshot"] == false);
    CHECK(args["current_num"].get<std::int64_t>() == last + 1);  // every delta, in order
    last = args["current_num"].get<std::int64_t>();
    for (const auto& [key, value] : args["state"].items()) {
      if (value.is_null()) book.erase(key);
      else book[key] = value;
    }
  }
  REQUIRE(log_has(market.log_of("book_builder"), "book_publisher: done: 40 deltas"));

  const Split state = market.sfsup({"state", "book_builder.states.book"});
  REQUIRE_MESSAGE(state.ok(), state.err);
  CHECK(sf::Json::parse(state.out) == book);
  CHECK_MESSAGE(state.err.find(fmt::format("current_num {}", last)) != std::string::npos, state.err);
  // The full-update state answers with its last value.
  const Split top = market.sfsup({"state", "book_builder.states.top"});
  REQUIRE_MESSAGE(top.ok(), top.err);
  CHECK(sf::Json::parse(top.out).contains("levels"));
}

TEST_CASE("unknown names are one line with a close match - nothing up is exit 4") {
  Market market;
  const Split service = market.sfsup({"call", "exection.orders", "{}"});
  CHECK(service.exited(1));
  CHECK_MESSAGE(service.err.find("no service 'exection'") != std::string::npos, service.err);
  CHECK(service.err.find("did you mean 'execution'?") != std::string::npos);
  const Split connection = market.sfsup({"tap", "feed.tick"});
  CHECK(connection.exited(1));
  CHECK_MESSAGE(connection.err.find("service 'feed' has no publisher 'tick'; did you mean 'ticks'?") !=
                    std::string::npos,
                connection.err);
  const Split state = market.sfsup({"state", "book_builder.states.bok"});
  CHECK(state.exited(1));
  CHECK_MESSAGE(state.err.find("did you mean 'book'?") != std::string::npos, state.err);
  const Split kind = market.sfsup({"call", "feed.ticks"});
  CHECK(kind.exited(1));
  CHECK_MESSAGE(kind.err.find("feed.ticks is a publisher; watch it with `sfsup tap feed.ticks`") != std::string::npos,
                kind.err);
  const Split connector = market.sfsup({"call", "strategy.orders"});
  CHECK(connector.exited(1));
  CHECK_MESSAGE(connector.err.find("strategy.orders is strategy's requester side, connected to ipc://") !=
                    std::string::npos,
                connector.err);
  for (const Split& s : {service, connection, state, kind, connector}) CHECK(std::count(s.err.begin(), s.err.end(), '\n') == 1);

  sftest::TempDir empty;
  const Split nothing = Market::run_split({"state", "book_builder.states.book", "--run-dir", (empty / "run").string()},
                                          empty / "stderr.txt");
  CHECK(nothing.exited(4));
  CHECK_MESSAGE(nothing.err.find("or give --address") != std::string::npos, nothing.err);
}

TEST_CASE("--address talks to Python peers: call a replyer - tap a full-update state - tap and read a delta state") {
  sftest::TempDir tmp;
  const std::string replyer = "ipc://" + (tmp / "py_rep.sock").string();
  auto py_replyer = sftest::start_python_peer("py_replyer.py", {replyer, "1"});
  REQUIRE_MESSAGE(py_replyer.wait_for_output("py_replyer: ready"), py_replyer.output());
  const Split call =
      Market::run_split({"call", "py.echo", R"({"text": "hi, python"})", "--address", replyer}, tmp / "err1.txt");
  REQUIRE_MESSAGE(call.ok(), call.err);
  CHECK(sf::Json::parse(call.out) == sf::Json{{"text", "hi, python"}});
  CHECK(py_replyer.wait_for_output("py_replyer: answered 0 workflow " + workflow_of(call.err)));

  const std::string full = "ipc://" + (tmp / "py_full.sock").string();
  auto py_full = sftest::start_python_peer("py_full_update.py", {"publish", full, "3"});
  REQUIRE_MESSAGE(py_full.wait_for_output("py_full_publisher: bound"), py_full.output());
  const Split tap_full = Market::run_split(
      {"tap", "py.states.level", "--address", full, "--count", "3", "--timeout-ms", "30000"}, tmp / "err2.txt");
  REQUIRE_MESSAGE(tap_full.ok(), tap_full.err);
  const auto levels = json_lines(tap_full.out);
  REQUIRE(levels.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(levels[static_cast<std::size_t>(i)]["args"] == sf::Json{{"level", i}});
    // Python sends a uuid.UUID object as a leading edge's id: printed as its text.
    CHECK(levels[static_cast<std::size_t>(i)]["workflow_id"].get<std::string>().size() == 36);
  }

  // The Python delta publisher publishes #4 once a subscriber (this tap) is
  // there, then waits for one snapshot request (this state) before #5, #6.
  const std::string pub = "ipc://" + (tmp / "py_delta_pub.sock").string();
  const std::string rep = "ipc://" + (tmp / "py_delta_rep.sock").string();
  auto py_delta = sftest::start_python_peer("py_delta_state_publisher.py", {pub, rep});
  REQUIRE_MESSAGE(py_delta.wait_for_output("py_delta_publisher: bound"), py_delta.output());
  auto tap = Process::spawn({"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>/dev/null", sftest::sfsup_binary().string(), "tap",
                             "py.states.book", "--address", pub, "--count", "3", "--timeout-ms", "30000"});
  REQUIRE_MESSAGE(tap.wait_for_output("\"current_num\":4"), tap.output());
  const Split state = Market::run_split({"state", "py.states.book", "--address", rep}, tmp / "err3.txt");
  REQUIRE_MESSAGE(state.ok(), state.err);
  // #1..#4 applied: Python's Decimal('100.00') keeps its digits.
  CHECK(sf::Json::parse(state.out) ==
        sf::Json::parse(R"({"bids": {"99.50": "1"}, "asks": {"101.00": "1"}, "last_trade": "100.00"})"));
  auto tap_exit = tap.wait_exit(30s);
  REQUIRE_MESSAGE(tap_exit.has_value(), tap.output());
  CHECK(sftest::exited_with(*tap_exit, 0));
  const auto deltas = json_lines(tap.output());
  REQUIRE(deltas.size() == 3);
  CHECK(deltas[1]["args"]["state"] == sf::Json{{"last_trade", nullptr}});  // #5 deletes it
  CHECK(deltas[2]["args"]["current_num"] == 6);
}
