// DeltaFollower without sockets: every ordering the Clone pattern has to get
// right, fed message by message.
#include <cstdint>
#include <limits>

#include <doctest/doctest.h>

#include "states/delta_follower.hpp"

using sf::Json;
using sf::detail::DeltaFollower;
using sf::detail::StateMessage;
using Event = DeltaFollower::Event;

namespace {

StateMessage delta(std::int64_t seq, Json state, std::string epoch = "run1") {
  return StateMessage{std::move(epoch), seq, false, std::move(state), "w"};
}
StateMessage snapshot(std::int64_t seq, Json state, std::string epoch = "run1") {
  return StateMessage{std::move(epoch), seq, true, std::move(state), "w"};
}
StateMessage heartbeat(std::int64_t seq, std::string epoch = "run1") { return delta(seq, Json::object(), epoch); }

// Accepts everything except values that are the string "bad".
std::string validate(const Json& state, bool /*is_snapshot*/) {
  for (const auto& [key, value] : state.items()) {
    if (value == "bad") return "state." + key + ": bad value";
  }
  return {};
}

struct Fixture {
  Json visible = Json::object();
  DeltaFollower follower{visible, validate, 100};

  void sync_at(std::int64_t seq, Json state, const std::string& epoch = "run1") {
    auto outcome = follower.on_snapshot(snapshot(seq, std::move(state), epoch));
    REQUIRE(outcome.event == Event::synchronised);
  }
};

}  // namespace

TEST_CASE("delta follower: buffers until the snapshot then applies only newer deltas in order") {
  Fixture f;
  CHECK(f.follower.needs_snapshot());
  // Subscribed first: deltas 3..6 arrive before the snapshot reply (#4).
  CHECK(f.follower.on_stream(delta(3, {{"a", 3}})).event == Event::buffered);
  CHECK(f.follower.on_stream(delta(4, {{"a", 4}})).event == Event::buffered);
  CHECK(f.follower.on_stream(delta(5, {{"b", 5}})).event == Event::buffered);
  CHECK(f.follower.on_stream(delta(6, {{"a", nullptr}})).event == Event::buffered);
  CHECK(f.visible == Json::object());  // nothing visible before the snapshot

  auto outcome = f.follower.on_snapshot(snapshot(4, {{"a", 4}, {"z", 0}}));
  CHECK(outcome.event == Event::synchronised);
  CHECK_FALSE(f.follower.needs_snapshot());
  CHECK(f.follower.seq() == 6);
  CHECK(f.visible == Json{{"b", 5}, {"z", 0}});

  CHECK(f.follower.on_stream(delta(7, {{"c", 7}})).event == Event::applied);
  CHECK(f.visible == Json{{"b", 5}, {"c", 7}, {"z", 0}});
}

TEST_CASE("delta follower: backlog older than the snapshot arriving after it is dropped") {
  Fixture f;
  f.sync_at(10, {{"a", 10}});
  CHECK(f.follower.on_stream(delta(9, {{"a", 9}})).event == Event::ignored);
  CHECK(f.follower.on_stream(delta(10, {{"a", 10}})).event == Event::ignored);
  CHECK(f.follower.on_stream(delta(11, {{"a", 11}})).event == Event::applied);
  CHECK(f.visible == Json{{"a", 11}});
}

TEST_CASE("delta follower: the first delta after the snapshot must be snapshot+1") {
  // The subscription landed after the snapshot was cut: #11 and #12 were never seen.
  Fixture f;
  f.sync_at(10, {{"a", 10}});
  auto outcome = f.follower.on_stream(delta(13, {{"a", 13}}));
  CHECK(outcome.event == Event::gap);
  CHECK(outcome.detail == "expected #11, got #13");
  CHECK(f.follower.needs_snapshot());
  CHECK(f.visible == Json{{"a", 10}});  // unchanged until the resync completes
}

TEST_CASE("delta follower: a gap resyncs - the old map stays visible and whole until the swap") {
  Fixture f;
  f.sync_at(1, {{"a", 1}, {"gone", true}});
  CHECK(f.follower.on_stream(delta(2, {{"a", 2}})).event == Event::applied);
  CHECK(f.follower.on_stream(delta(4, {{"a", 4}})).event == Event::gap);  // #3 lost
  CHECK(f.follower.on_stream(delta(5, {{"b", 5}})).event == Event::buffered);
  CHECK(f.visible == Json{{"a", 2}, {"gone", true}});

  // #3 deleted "gone" during the outage: the snapshot replaces the whole map.
  auto outcome = f.follower.on_snapshot(snapshot(4, {{"a", 4}}));
  CHECK(outcome.event == Event::synchronised);
  CHECK(f.visible == Json{{"a", 4}, {"b", 5}});
  CHECK(f.follower.seq() == 5);
}

TEST_CASE("delta follower: a snapshot that does not line up with the buffer is discarded") {
  Fixture f;
  CHECK(f.follower.on_stream(delta(8, {{"a", 8}})).event == Event::buffered);
  CHECK(f.follower.on_stream(delta(9, {{"a", 9}})).event == Event::buffered);
  // The snapshot is #5 but the stream already moved to #8: #6 and #7 are missing.
  auto outcome = f.follower.on_snapshot(snapshot(5, {{"a", 5}}));
  CHECK(outcome.event == Event::resync_failed);
  CHECK(f.follower.needs_snapshot());
  CHECK(f.visible == Json::object());
  // The buffer went with it (a stray message far ahead must not fail every
  // reply): the next snapshot is cut after #9, and #10 follows it.
  CHECK(f.follower.buffered() == 0);
  CHECK(f.follower.on_stream(delta(10, {{"a", 10}})).event == Event::buffered);
  CHECK(f.follower.on_snapshot(snapshot(9, {{"a", 9}})).event == Event::synchronised);
  CHECK(f.visible == Json{{"a", 10}});
}

TEST_CASE("delta follower: a heartbeat takes a number so a lost last update shows") {
  Fixture f;
  f.sync_at(1, {{"a", 1}});
  // #2 (the last real update) is lost; the quiet publisher's heartbeat is #3.
  auto outcome = f.follower.on_stream(heartbeat(3));
  CHECK(outcome.event == Event::gap);
  CHECK(f.follower.needs_snapshot());

  Fixture g;
  g.sync_at(1, {{"a", 1}});
  CHECK(g.follower.on_stream(heartbeat(2)).event == Event::heartbeat);
  CHECK(g.follower.seq() == 2);
  CHECK(g.visible == Json{{"a", 1}});
  // A heartbeat that repeats the last number (other implementations) is harmless.
  CHECK(g.follower.on_stream(heartbeat(2)).event == Event::ignored);
  CHECK_FALSE(g.follower.needs_snapshot());
}

TEST_CASE("delta follower: a new publisher run resyncs and the old run's stragglers are ignored") {
  Fixture f;
  f.sync_at(500, {{"a", 500}});
  auto outcome = f.follower.on_stream(delta(1, {{"a", 1}}, "run2"));
  CHECK(outcome.event == Event::restarted);
  CHECK(f.follower.needs_snapshot());
  // Not retired yet: only the replyer can say which run is the publisher.
  CHECK(f.follower.on_stream(delta(501, {{"a", 501}}, "run1")).event == Event::buffered);
  CHECK(f.follower.on_stream(delta(2, {{"b", 2}}, "run2")).event == Event::buffered);
  CHECK(f.follower.on_snapshot(snapshot(1, {{"a", 1}}, "run2")).event == Event::synchronised);
  CHECK(f.visible == Json{{"a", 1}, {"b", 2}});
  CHECK(f.follower.epoch() == "run2");
  CHECK(f.follower.on_stream(delta(502, {{"a", 502}}, "run1")).event == Event::ignored);
  CHECK(f.visible == Json{{"a", 1}, {"b", 2}});
}

TEST_CASE("delta follower: same numbers from a new run are still a restart") {
  // The restarted publisher reached #11 again: without the epoch this would
  // look like the next delta.
  Fixture f;
  f.sync_at(10, {{"a", 10}});
  CHECK(f.follower.on_stream(delta(11, {{"x", 1}}, "run2")).event == Event::restarted);
}

TEST_CASE("delta follower: without epochs a sequence going back is a restart") {
  Fixture f;
  f.sync_at(3, {{"a", 3}}, "");
  CHECK(f.follower.on_stream(delta(4, {{"a", 4}}, "")).event == Event::applied);
  CHECK(f.follower.on_stream(delta(5, {{"a", 5}}, "")).event == Event::applied);
  auto outcome = f.follower.on_stream(delta(1, {{"a", 1}}, ""));
  CHECK(outcome.event == Event::restarted);
  CHECK(f.follower.needs_snapshot());
  CHECK(f.follower.on_snapshot(snapshot(1, {{"a", 1}}, "")).event == Event::synchronised);
  CHECK(f.visible == Json{{"a", 1}});
}

TEST_CASE("delta follower: an invalid delta is dropped with the state unchanged and the stream goes on") {
  Fixture f;
  f.sync_at(1, {{"a", 1}});
  auto outcome = f.follower.on_stream(delta(2, {{"a", "bad"}, {"b", 2}}));
  CHECK(outcome.event == Event::rejected);
  CHECK(outcome.detail.find("delta #2 dropped") != std::string::npos);
  CHECK(f.visible == Json{{"a", 1}});  // not half-applied either: "b" did not land
  CHECK_FALSE(f.follower.needs_snapshot());
  CHECK(f.follower.on_stream(delta(3, {{"c", 3}})).event == Event::applied);
  CHECK(f.visible == Json{{"a", 1}, {"c", 3}});
}

TEST_CASE("delta follower: an invalid snapshot is refused whole") {
  Fixture f;
  auto outcome = f.follower.on_snapshot(snapshot(5, {{"a", "bad"}}));
  CHECK(outcome.event == Event::rejected);
  CHECK(f.follower.needs_snapshot());
  CHECK(f.visible == Json::object());
}

TEST_CASE("delta follower: invalid deltas in the buffer are reported and skipped during the replay") {
  Fixture f;
  CHECK(f.follower.on_stream(delta(2, {{"a", "bad"}})).event == Event::buffered);
  CHECK(f.follower.on_stream(delta(3, {{"b", 3}})).event == Event::buffered);
  auto outcome = f.follower.on_snapshot(snapshot(1, {{"a", 1}}));
  CHECK(outcome.event == Event::synchronised);
  REQUIRE(outcome.rejected.size() == 1);
  CHECK(f.visible == Json{{"a", 1}, {"b", 3}});
}

TEST_CASE("delta follower: past max_buffered the oldest deltas go - a snapshot that needs them is refused") {
  Json visible = Json::object();
  DeltaFollower follower(visible, validate, 3);
  for (int seq = 1; seq <= 6; ++seq) follower.on_stream(delta(seq, {{"a", seq}}));
  CHECK(follower.buffered() == 3);  // #4..#6 kept
  CHECK(follower.on_snapshot(snapshot(2, {{"a", 2}})).event == Event::resync_failed);
  CHECK(follower.on_snapshot(snapshot(6, {{"a", 6}})).event == Event::synchronised);
  CHECK(visible == Json{{"a", 6}});
}

TEST_CASE("delta follower: a published snapshot replaces the map whatever its number") {
  Fixture f;
  // Unsynced, a published snapshot waits for the reply like any stream message.
  CHECK(f.follower.on_stream(snapshot(7, {{"a", 7}})).event == Event::buffered);
  f.sync_at(7, {{"a", 7}});
  CHECK(f.follower.on_stream(delta(8, {{"a", 8}})).event == Event::applied);
  // Same number and map again (the periodic snapshot after #8): nothing to do.
  CHECK(f.follower.on_stream(snapshot(8, {{"a", 8}})).event == Event::ignored);
  // The next number (a to_send snapshot) replaces the map.
  CHECK(f.follower.on_stream(snapshot(9, {{"b", 9}})).event == Event::synchronised);
  CHECK(f.visible == Json{{"b", 9}});
  // A lower number too (a Python service publishing {"is_snapshot": true, "current_num": 3}).
  CHECK(f.follower.on_stream(snapshot(3, {{"c", 3}})).event == Event::synchronised);
  CHECK(f.visible == Json{{"c", 3}});
  CHECK(f.follower.on_stream(delta(4, {{"d", 4}})).event == Event::applied);
  CHECK(f.visible == Json{{"c", 3}, {"d", 4}});
  // A late reply to an earlier request is ignored once synchronised.
  CHECK(f.follower.on_snapshot(snapshot(1, {{"old", 1}})).event == Event::ignored);
  CHECK(f.visible == Json{{"c", 3}, {"d", 4}});
}

TEST_CASE("delta follower: a published snapshot from another run is not believed - the replyer decides") {
  Fixture f;
  f.sync_at(40, {{"a", 40}});
  CHECK(f.follower.on_stream(snapshot(2, {{"n", 2}}, "run2")).event == Event::restarted);
  CHECK(f.visible == Json{{"a", 40}});
  CHECK(f.follower.on_snapshot(snapshot(2, {{"n", 2}}, "run2")).event == Event::synchronised);
  CHECK(f.visible == Json{{"n", 2}});
  CHECK(f.follower.on_stream(delta(3, {{"n", 3}}, "run2")).event == Event::applied);
}

TEST_CASE("delta follower: a reply from a run that has restarted since is corrected by the next message") {
  Fixture f;
  f.sync_at(5, {{"a", 5}});
  CHECK(f.follower.on_stream(delta(1, {{"a", 1}}, "run2")).event == Event::restarted);
  // The reply was cut by the old run before it died: installed, then doubted.
  CHECK(f.follower.on_snapshot(snapshot(6, {{"a", 6}}, "run1")).event == Event::synchronised);
  CHECK(f.follower.on_stream(delta(2, {{"b", 2}}, "run2")).event == Event::restarted);
  CHECK(f.follower.on_snapshot(snapshot(2, {{"a", 1}, {"b", 2}}, "run2")).event == Event::synchronised);
  CHECK(f.visible == Json{{"a", 1}, {"b", 2}});
  CHECK(f.follower.on_stream(delta(7, {{"a", 7}}, "run1")).event == Event::ignored);  // retired now
}

TEST_CASE("delta follower: a delta numbered far ahead does not stick") {
  const auto far = std::numeric_limits<std::int64_t>::max();
  Fixture f;
  f.sync_at(10, {{"a", 10}});
  CHECK(f.follower.on_stream(delta(far, {{"a", "evil"}})).event == Event::gap);
  // Alone in the buffer it makes the reply look old: ask again ...
  CHECK(f.follower.on_snapshot(snapshot(10, {{"a", 10}})).event == Event::resync_failed);
  // ... until the real publisher's next message joins the reply.
  CHECK(f.follower.on_stream(heartbeat(11)).event == Event::buffered);
  CHECK(f.follower.on_snapshot(snapshot(10, {{"a", 10}})).event == Event::synchronised);
  CHECK(f.follower.seq() == 11);
  CHECK(f.visible == Json{{"a", 10}});
  CHECK(f.follower.on_stream(delta(12, {{"a", 12}})).event == Event::applied);
  CHECK(f.visible == Json{{"a", 12}});
}

TEST_CASE("delta follower: a foreign or missing epoch never retires the followed run") {
  for (std::string foreign : {"evil", ""}) {
    CAPTURE(foreign);
    Fixture f;
    f.sync_at(10, {{"a", 10}});
    CHECK(f.follower.on_stream(delta(11, {{"a", "x"}}, foreign)).event == Event::restarted);
    CHECK(f.follower.on_stream(delta(11, {{"a", 11}})).event == Event::buffered);
    CHECK(f.follower.on_snapshot(snapshot(10, {{"a", 10}})).event == Event::synchronised);
    CHECK(f.visible == Json{{"a", 11}});
    CHECK(f.follower.epoch() == "run1");
    CHECK(f.follower.on_stream(delta(12, {{"a", 12}})).event == Event::applied);
  }
}

TEST_CASE("delta follower: a burst numbered 0 leaves the map alone") {
  Fixture f;
  f.sync_at(10, {{"a", 10}});
  for (int i = 0; i < 5; ++i) CHECK(f.follower.on_stream(delta(0, {{"a", "x"}})).event == Event::ignored);
  CHECK(f.visible == Json{{"a", 10}});
  CHECK_FALSE(f.follower.needs_snapshot());
}

TEST_CASE("delta follower: a consumed number arriving again with other content resyncs") {
  Fixture f;
  f.sync_at(10, {{"a", 10}});
  CHECK(f.follower.on_stream(delta(11, {{"a", "x"}})).event == Event::applied);  // can't tell yet
  auto outcome = f.follower.on_stream(delta(11, {{"a", 11}}));
  CHECK(outcome.event == Event::conflict);
  CHECK(outcome.detail == "two different messages numbered #11 (a second publisher?)");
  CHECK(f.follower.on_snapshot(snapshot(11, {{"a", 11}})).event == Event::synchronised);
  CHECK(f.visible == Json{{"a", 11}});
  // The same message twice is not a conflict.
  CHECK(f.follower.on_stream(delta(12, {{"a", 12}})).event == Event::applied);
  CHECK(f.follower.on_stream(delta(12, {{"a", 12}})).event == Event::ignored);
}

TEST_CASE("delta follower: a published snapshot numbered far ahead is undone by the next real message") {
  Fixture f;
  f.sync_at(10, {{"a", 10}});
  CHECK(f.follower.on_stream(snapshot(std::numeric_limits<std::int64_t>::max(), {{"a", "x"}})).event ==
        Event::synchronised);
  CHECK(f.follower.on_stream(heartbeat(11)).event == Event::conflict);
  CHECK(f.follower.on_snapshot(snapshot(11, {{"a", 10}})).event == Event::synchronised);
  CHECK(f.visible == Json{{"a", 10}});
  // A snapshot under our own number with another map is doubted at once.
  CHECK(f.follower.on_stream(snapshot(11, {{"a", "x"}})).event == Event::conflict);
}

TEST_CASE("delta follower: an unnumbered reply (Python publishers say current_num 0) replays the buffer") {
  Fixture f;
  CHECK(f.follower.on_stream(delta(7, {{"a", 7}}, "")).event == Event::buffered);
  CHECK(f.follower.on_stream(delta(8, {{"b", 8}}, "")).event == Event::buffered);
  // Cut after #7: replaying #7 again is harmless, a delta sets absolute values.
  CHECK(f.follower.on_snapshot(snapshot(0, {{"a", 7}}, "")).event == Event::synchronised);
  CHECK(f.visible == Json{{"a", 7}, {"b", 8}});
  CHECK(f.follower.seq() == 8);
  CHECK(f.follower.on_stream(delta(9, {{"a", 9}}, "")).event == Event::applied);

  // Nothing buffered: the next message sets the number.
  Fixture g;
  g.sync_at(0, {{"a", 5}}, "");
  CHECK(g.follower.on_stream(delta(42, {{"b", 42}}, "")).event == Event::applied);
  CHECK(g.follower.on_stream(delta(43, {{"b", 43}}, "")).event == Event::applied);
  CHECK(g.visible == Json{{"a", 5}, {"b", 43}});
}

TEST_CASE("delta follower: an unnumbered reply followed by a restart in the buffer asks the new run") {
  Fixture f;
  for (auto [seq, key] : {std::pair{5, "a"}, {6, "old"}, {0, "a"}, {1, "b"}}) {
    CHECK(f.follower.on_stream(delta(seq, {{key, seq}}, "")).event == Event::buffered);
  }
  // This reply was cut before the restart: replaying the new run's #0 over it
  // would keep "old", which the new run never had.
  auto outcome = f.follower.on_snapshot(snapshot(0, {{"a", 5}, {"old", 6}}, ""));
  CHECK(outcome.event == Event::restarted);
  CHECK(outcome.detail == "publisher restarted (sequence went back from #6 to #0)");
  CHECK(f.follower.needs_snapshot());
  CHECK(f.visible == Json::object());
  CHECK(f.follower.on_snapshot(snapshot(0, {{"a", 0}}, "")).event == Event::synchronised);
  CHECK(f.visible == Json{{"a", 0}, {"b", 1}});
  CHECK(f.follower.seq() == 1);
}
