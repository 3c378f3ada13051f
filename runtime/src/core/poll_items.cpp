#include "core/poll_items.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <vector>

namespace sf::detail {
namespace {

using Clock = std::chrono::steady_clock;

short to_poll_events(short zmq_events) {
  short events = 0;
  if (zmq_events & ZMQ_POLLIN) events |= POLLIN;
  if (zmq_events & ZMQ_POLLOUT) events |= POLLOUT;
  if (zmq_events & ZMQ_POLLPRI) events |= POLLPRI;
  return events;
}

// ZMQ_EVENTS of every socket item; the count of those with a requested event.
int check_sockets(zmq::pollitem_t* items, std::size_t count) {
  int ready = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (items[i].socket == nullptr) continue;
    std::uint32_t events = 0;
    std::size_t size = sizeof events;
    if (zmq_getsockopt(items[i].socket, ZMQ_EVENTS, &events, &size) != 0) throw zmq::error_t();
    items[i].revents = static_cast<short>(events & static_cast<std::uint32_t>(items[i].events));
    if (items[i].revents != 0) ++ready;
  }
  return ready;
}

// The plain descriptors' results from `fds`; the count of those with events.
int collect_fds(zmq::pollitem_t* items, const std::vector<pollfd>& fds) {
  int ready = 0;
  for (std::size_t i = 0; i < fds.size(); ++i) {
    if (items[i].socket != nullptr) continue;
    short revents = 0;
    if (fds[i].revents & POLLIN) revents |= ZMQ_POLLIN;
    if (fds[i].revents & POLLOUT) revents |= ZMQ_POLLOUT;
    if (fds[i].revents & POLLPRI) revents |= ZMQ_POLLPRI;
    if (fds[i].revents & ~(POLLIN | POLLOUT | POLLPRI)) revents |= ZMQ_POLLERR;
    items[i].revents = revents;
    if (revents != 0) ++ready;
  }
  return ready;
}

int poll_fds(std::vector<pollfd>& fds, int timeout_ms) {
  const int rc = ::poll(fds.data(), fds.size(), timeout_ms);
  if (rc >= 0) return rc;
  if (errno == EINTR) {
    for (auto& fd : fds) fd.revents = 0;
    return 0;
  }
  throw zmq::error_t();
}

}  // namespace

int poll_items(zmq::pollitem_t* items, std::size_t count, std::chrono::milliseconds timeout) {
  thread_local std::vector<pollfd> fds;  // no allocation per call on the hot path
  fds.resize(count);
  bool any_socket = false;
  for (std::size_t i = 0; i < count; ++i) {
    items[i].revents = 0;
    if (items[i].socket != nullptr) {
      std::size_t size = sizeof fds[i].fd;
      if (zmq_getsockopt(items[i].socket, ZMQ_FD, &fds[i].fd, &size) != 0) throw zmq::error_t();
      fds[i].events = items[i].events != 0 ? POLLIN : 0;  // ZMQ_FD signals both directions as readable
      any_socket = true;
    } else {
      fds[i].fd = items[i].fd;
      fds[i].events = to_poll_events(items[i].events);
    }
    fds[i].revents = 0;
  }

  int sockets_ready = any_socket ? check_sockets(items, count) : 0;
  if (sockets_ready > 0 || timeout.count() == 0) {
    poll_fds(fds, 0);
    return sockets_ready + collect_fds(items, fds);
  }
  const bool forever = timeout.count() < 0;
  const auto deadline = forever ? Clock::time_point::max() : Clock::now() + timeout;
  for (;;) {
    int wait = -1;
    if (!forever) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      wait = static_cast<int>(std::max<long long>(left.count(), 0));
    }
    poll_fds(fds, wait);
    const int fds_ready = collect_fds(items, fds);
    // A socket's descriptor firing only says "look at ZMQ_EVENTS".
    bool socket_signalled = false;
    for (std::size_t i = 0; i < count; ++i) {
      if (items[i].socket != nullptr && fds[i].revents != 0) socket_signalled = true;
    }
    sockets_ready = socket_signalled ? check_sockets(items, count) : 0;
    if (fds_ready + sockets_ready > 0 || wait == 0) return fds_ready + sockets_ready;
  }
}

}  // namespace sf::detail
