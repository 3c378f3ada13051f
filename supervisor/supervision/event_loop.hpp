#pragma once
// The supervisor's only thread: one poll() over every descriptor it watches
// (signalfd, readiness and output pipes, control socket and its clients),
// with the poll timeout taken from the deadline queue. Nothing else blocks.
#include <poll.h>

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "supervision/deadline_queue.hpp"

namespace sfsup {

class EventLoop {
 public:
  using Handler = std::function<void(short revents)>;
  using Clock = DeadlineQueue::Clock;
  using TimerId = DeadlineQueue::Id;

  // Handlers run in the order descriptors were first watched, so the signalfd
  // (watched first) is always handled before a control request that arrived
  // in the same wake-up: a client that saw a child die gets an answer that
  // already knows about it.
  void watch(int fd, short events, Handler handler);
  void set_events(int fd, short events);
  void unwatch(int fd);  // safe from inside any handler, including fd's own

  TimerId after(std::chrono::milliseconds delay, std::function<void()> callback);
  TimerId at(Clock::time_point when, std::function<void()> callback);
  void cancel(TimerId id) { timers_.cancel(id); }

  // Runs until stop(); returns at once if stop() was already called.
  void run();
  void stop() { stopped_ = true; }
  void resume() { stopped_ = false; }
  bool stopped() const { return stopped_; }
  // One poll + dispatch round; `max_wait` bounds the wait (tests, shutdown).
  void run_once(std::chrono::milliseconds max_wait);

 private:
  struct Watch {
    int fd;
    short events;
    std::shared_ptr<Handler> handler;  // shared: a handler may unwatch itself
  };
  void dispatch(int timeout_ms);

  std::vector<Watch> watches_;
  DeadlineQueue timers_;
  bool stopped_ = false;
};

}  // namespace sfsup
