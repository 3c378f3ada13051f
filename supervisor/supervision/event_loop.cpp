#include "supervision/event_loop.hpp"

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace sfsup {

void EventLoop::watch(int fd, short events, Handler handler) {
  auto shared = std::make_shared<Handler>(std::move(handler));
  for (auto& w : watches_) {
    if (w.fd == fd) {
      w.events = events;
      w.handler = std::move(shared);
      return;
    }
  }
  watches_.push_back(Watch{fd, events, std::move(shared)});
}

void EventLoop::set_events(int fd, short events) {
  for (auto& w : watches_)
    if (w.fd == fd) w.events = events;
}

void EventLoop::unwatch(int fd) {
  std::erase_if(watches_, [fd](const Watch& w) { return w.fd == fd; });
}

EventLoop::TimerId EventLoop::after(std::chrono::milliseconds delay,
                                    std::function<void()> callback) {
  return timers_.add(Clock::now() + delay, std::move(callback));
}

EventLoop::TimerId EventLoop::at(Clock::time_point when, std::function<void()> callback) {
  return timers_.add(when, std::move(callback));
}

void EventLoop::run() {
  while (!stopped_) dispatch(timers_.poll_timeout_ms(Clock::now()));
}

void EventLoop::run_once(std::chrono::milliseconds max_wait) {
  int timeout = timers_.poll_timeout_ms(Clock::now());
  const int cap = static_cast<int>(max_wait.count());
  if (timeout < 0 || timeout > cap) timeout = cap;
  dispatch(timeout);
}

void EventLoop::dispatch(int timeout_ms) {
  std::vector<pollfd> fds;
  std::vector<std::shared_ptr<Handler>> handlers;
  fds.reserve(watches_.size());
  handlers.reserve(watches_.size());
  for (const auto& w : watches_) {
    fds.push_back(pollfd{w.fd, w.events, 0});
    handlers.push_back(w.handler);
  }
  int n = ::poll(fds.data(), fds.size(), timeout_ms);
  if (n < 0) {
    if (errno == EINTR) return;
    throw std::system_error(errno, std::generic_category(), "poll");
  }
  for (std::size_t i = 0; i < fds.size() && n > 0; ++i) {
    if (fds[i].revents == 0) continue;
    --n;
    // Skip a descriptor an earlier handler in this round unwatched (or
    // replaced): its revents describe a file that is no longer ours.
    auto it = std::find_if(watches_.begin(), watches_.end(),
                           [&](const Watch& w) { return w.fd == fds[i].fd; });
    if (it == watches_.end() || it->handler != handlers[i]) continue;
    if (fds[i].revents & POLLNVAL) {
      // Closed without unwatch (a bug elsewhere): dropping the watch keeps
      // the loop from spinning on it.
      watches_.erase(it);
      continue;
    }
    (*handlers[i])(fds[i].revents);
  }
  timers_.run_due(Clock::now());
}

}  // namespace sfsup
