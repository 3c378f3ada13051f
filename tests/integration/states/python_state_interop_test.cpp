// Delta states against peers that behave like the real Python framework's
// DeltaUpdateIn / DeltaUpdateOut (tools/interop/py_delta_state_*.py): our
// publisher's snapshots and heartbeats must not disturb a Python follower, and
// our follower must follow a Python publisher (REP snapshots that always say
// current_num 0 and carry no is_snapshot, no epoch, numbers chosen by the
// service and restarting at 0, snapshots published through to_send).
#include <regex>

#include <doctest/doctest.h>

#include "book_services.hpp"
#include "../../../services/book_publisher/book.hpp"

using namespace statetest;
using sftest::Process;
using sftest::TempDir;

namespace {

Process start_python(const std::string& script, std::vector<std::string> args) {
  std::vector<std::string> argv = {"/usr/bin/python3", (sftest::source_dir() / "tools" / "interop" / script).string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return Process::spawn(argv, {.env = {{"PYTHONUNBUFFERED", "1"}, {"PYTHONDONTWRITEBYTECODE", "1"}}});
}

}  // namespace

TEST_CASE("states interop: a Python-style follower keeps up with our publisher heartbeats included") {
  TempDir dir;
  BookEndpoints e(dir);
  auto publisher = start_publisher(
      dir, e, {{"count", 500}, {"rate_hz", 5000}, {"heartbeat_ms", 100}, {"snapshot_interval_ms", 0}});
  auto done = wait_publisher_done(publisher);
  REQUIRE_MESSAGE(done, publisher.output());

  // Joins late, resets once to get the snapshot, then listens to 1 s of heartbeats.
  auto follower = start_python("py_delta_state_follower.py",
                               {e.book_publisher, e.book_replyer, std::to_string(done->current_num), "1.0"});
  auto status = follower.wait_exit(30s);
  REQUIRE_MESSAGE(status, follower.output());
  CHECK_MESSAGE(sftest::exited_with(*status, 0), follower.output());
  std::smatch m;
  const std::string out = follower.output();
  REQUIRE_MESSAGE(std::regex_search(out, m, std::regex(R"(current_num (\d+), levels (\d+), keys (\S+), resets_after_sync (\d+))")),
                  out);
  CHECK(std::stoll(m[1]) >= done->current_num);
  CHECK(std::stoll(m[2]) == done->levels);
  CHECK(m[3].str().find("asks,bids") != std::string::npos);
  CHECK(m[4] == "0");  // heartbeats are plain next-number deltas to it
}

TEST_CASE("states interop: our follower joins a running Python publisher late and follows its restart and snapshot") {
  TempDir dir;
  BookEndpoints e(dir);
  auto publisher = start_python("py_delta_state_publisher.py", {e.book_publisher, e.book_replyer});
  REQUIRE_MESSAGE(publisher.wait_for_output("py_delta_publisher: bound"), publisher.output());
  auto follower = start_follower(dir, follower_addresses(e, e.book_publisher), {{"log_every", 1}});
  REQUIRE_MESSAGE(publisher.wait_for_output("py_delta_publisher: published"), publisher.output());

  // What the Python side ends with: its own snapshot (numbered #0, below the
  // follower's #1) replaced the map, then #1 set last_trade.
  sf::Json book = {{"bids", {{"97.00", sf::decimal("5")}}}, {"asks", {{"101.00", sf::decimal("1")}}},
                   {"last_trade", sf::decimal("97.50")}};
  ChecksumClient client(e.checksum);
  auto reply = wait_follower_checksum(follower, client, book::checksum(book));
  REQUIRE_MESSAGE(reply, follower.output() << "\n" << publisher.output());
  CHECK((*reply)["current_num"] == 1);
  const std::string out = follower.output();
  // Joined late: the reply says current_num 0 whatever was published, so it
  // is installed as unnumbered and the buffered stream replayed on it.
  CHECK_MESSAGE(out.find("unnumbered snapshot") != std::string::npos, out);
  CHECK_MESSAGE(out.find("publisher restarted (sequence went back from #6 to #0)") != std::string::npos, out);
  // The published snapshot #0 replaced the map, live or while replaying the
  // stream behind the restart's reply (whichever way they raced): the book
  // above has no level of the restarted map left.
}
