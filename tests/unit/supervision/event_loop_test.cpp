// The loop's contract: handlers in watch order, safe self-unwatch, timers
// from the deadline queue, no spinning on a descriptor closed behind its back.
#include <doctest/doctest.h>
#include <unistd.h>

#include <string>

#include "supervision/event_loop.hpp"

using namespace sfsup;
using namespace std::chrono_literals;

namespace {
struct Pipe {
  int r = -1, w = -1;
  Pipe() {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    r = fds[0];
    w = fds[1];
  }
  ~Pipe() {
    if (r >= 0) ::close(r);
    if (w >= 0) ::close(w);
  }
};
}  // namespace

TEST_CASE("ready descriptors are handled in the order they were first watched") {
  EventLoop loop;
  Pipe first, second;
  std::string order;
  loop.watch(first.r, POLLIN, [&](short) {
    char c;
    REQUIRE(::read(first.r, &c, 1) == 1);
    order += "1";
  });
  loop.watch(second.r, POLLIN, [&](short) {
    char c;
    REQUIRE(::read(second.r, &c, 1) == 1);
    order += "2";
  });
  REQUIRE(::write(second.w, "x", 1) == 1);
  REQUIRE(::write(first.w, "x", 1) == 1);
  loop.run_once(1000ms);
  CHECK(order == "12");
}

TEST_CASE("a handler may unwatch itself and another descriptor ready in the same round") {
  EventLoop loop;
  Pipe a, b;
  int a_calls = 0, b_calls = 0;
  loop.watch(a.r, POLLIN, [&](short) {
    ++a_calls;
    loop.unwatch(a.r);
    loop.unwatch(b.r);
  });
  loop.watch(b.r, POLLIN, [&](short) { ++b_calls; });
  REQUIRE(::write(a.w, "x", 1) == 1);
  REQUIRE(::write(b.w, "x", 1) == 1);
  loop.run_once(1000ms);
  loop.run_once(0ms);
  CHECK(a_calls == 1);
  CHECK(b_calls == 0);
}

TEST_CASE("timers run from the loop - stop() ends run()") {
  EventLoop loop;
  int fired = 0;
  auto cancelled = loop.after(1ms, [&] { fired += 100; });
  loop.after(2ms, [&] {
    ++fired;
    loop.stop();
  });
  loop.cancel(cancelled);
  loop.run();  // returns only through the timer's stop()
  CHECK(fired == 1);
}

TEST_CASE("a descriptor closed while watched is dropped instead of spinning the loop") {
  EventLoop loop;
  int calls = 0;
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  loop.watch(fds[0], POLLIN, [&](short) { ++calls; });
  ::close(fds[0]);
  ::close(fds[1]);
  loop.run_once(0ms);
  loop.run_once(0ms);
  CHECK(calls == 0);
}
