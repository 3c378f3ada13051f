#include "connections/subscription_guard.hpp"

#include <sf/log.hpp>

namespace sf::detail {
namespace {

constexpr auto kEscalateAfter = std::chrono::seconds(1);
constexpr auto kLineEvery = std::chrono::seconds(10);

std::string_view peer_of(const zmq::message_t& notice) {
  const char* peer = zmq_msg_gets(notice.handle(), "Peer-Address");
  return peer == nullptr ? std::string_view() : std::string_view(peer);
}

}  // namespace

void SubscriptionGuard::drain(zmq::socket_t& xpub, EndpointMetrics& metrics) {
  zmq::message_t notice;
  int since_check = 0;
  while (xpub.recv(notice, zmq::recv_flags::dontwait)) {
    ledger_.note({notice.data<std::uint8_t>(), notice.size()}, peer_of(notice));
    // Every kCheckEvery notices, not each one: finding connections scans this
    // process's fds. Reading on meanwhile keeps the ledger close to the trie:
    // libzmq puts each subscription there before its notice is read.
    if (++since_check == kCheckEvery) {
      since_check = 0;
      check(metrics);
    }
  }
  check(metrics);
}

SubscriptionGuard::Clock::time_point SubscriptionGuard::next_check() const {
  return stuck_since_ ? *stuck_since_ + kEscalateAfter : Clock::time_point::max();
}

void SubscriptionGuard::on_timer(Clock::time_point now, EndpointMetrics& metrics) {
  if (now >= next_check()) check(metrics);
}

void SubscriptionGuard::check(EndpointMetrics& metrics) {
  if (ledger_.over_cap()) {
    enforce(metrics);
  } else {
    stuck_since_.reset();
  }
}

void SubscriptionGuard::enforce(EndpointMetrics& metrics) {
  const auto now = Clock::now();
  std::string peer = ledger_.heaviest_peer();
  // Over tcp, a connection whose subscriptions alone would take an eighth of
  // the budget: a subscriber to a thousand topics sends a tenth of that.
  int dropped = peer.empty() ? 0 : connections_.shut_down(peer, ledger_.limits().max_bytes / 8);
  // A flood split over connections too small to single out: their bytes
  // still set them apart from a quiet neighbour on that host. Not while what
  // was last dropped may be draining (its unsubscriptions are on their way,
  // and the heaviest of what is left would be a quiet one).
  const bool draining = last_drop_ && now - *last_drop_ < kEscalateAfter;
  if (dropped == 0 && !peer.empty() && !draining) dropped = connections_.shut_down_heaviest(peer);
  if (dropped == 0) {
    // Nobody to single out: the last drop is still draining, or the peer
    // cannot be found. Give it a second (on_timer comes back to it).
    if (!stuck_since_) stuck_since_ = now;
    if (!peer.empty() && now - *stuck_since_ < kEscalateAfter) return;
    peer.clear();
    dropped = connections_.shut_down(peer);
  }
  stuck_since_.reset();
  if (dropped == 0) return;
  last_drop_ = now;
  for (int i = 0; i < dropped; ++i) metrics.error(ErrorKind::subscription_cap);
  report(dropped, peer, now);
}

void SubscriptionGuard::report(int dropped, const std::string& peer, Clock::time_point now) {
  if (logged_ && now - last_line_ < kLineEvery) {
    ++unlogged_drops_;
    return;
  }
  const auto& limits = ledger_.limits();
  std::string since;
  if (unlogged_drops_ > 0) since = fmt::format(" ({} more drops since the last line)", unlogged_drops_);
  get_logger()->warn(
      "{}: {} subscription prefixes ({} bytes) passed the cap (max_subscriptions {}: {} prefixes, {} bytes); "
      "dropped {} connection(s) from {} so ZeroMQ frees what they subscribed{}; if those subscribers are "
      "legitimate, raise max_subscriptions (docs/hardening.md, Limits)",
      label_, ledger_.prefixes(), ledger_.bytes(), limits.max_prefixes, limits.max_prefixes, limits.max_bytes,
      dropped, describe_peer(peer), since);
  logged_ = true;
  last_line_ = now;
  unlogged_drops_ = 0;
}

std::vector<ConnectionAddress> connection_addresses(const std::vector<std::string>& endpoints, bool bound) {
  std::vector<ConnectionAddress> addresses;
  for (const auto& endpoint : endpoints) {
    if (auto a = connection_address(endpoint, bound)) addresses.push_back(std::move(*a));
  }
  return addresses;
}

}  // namespace sf::detail
