#pragma once
// zmq_poll's semantics with fewer system calls on the hot path. zmq_poll
// starts every wait with a zero-timeout poll() over all descriptors before
// the real one; when no socket has anything queued that first pass is pure
// cost (one syscall per message on a REQ/REP round trip). Here the sockets'
// ZMQ_EVENTS are read first (needed anyway: ZMQ_FD is edge-triggered) and
// poll() runs once: with zero timeout when a socket is already ready (so the
// plain descriptors, signals among them, are still seen under load), else
// blocking until something happens.
#include <chrono>
#include <cstddef>

#include <zmq.hpp>

namespace sf::detail {

// Fills each item's revents as zmq_poll does and returns how many items have
// any; a negative timeout waits without limit. EINTR counts as no events.
int poll_items(zmq::pollitem_t* items, std::size_t count, std::chrono::milliseconds timeout);

}  // namespace sf::detail
