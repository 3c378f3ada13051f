#pragma once
// The subscription cap of one publisher (a connection or an out-state): reads
// the XPUB's subscription notices into a SubscriptionLedger, and past the cap
// drops the connections of the peer that brought the most prefixes, so libzmq
// frees what they subscribed (docs/hardening.md, "Limits"). What that peer
// had already sent still arrives for a moment and is let through. Over tcp,
// with no single connection big enough to single out, that host's heaviest
// connections go (half its bytes at a time). If the publisher stays over the
// cap for a second with nobody left to single out (the peer is unknown, or
// not found), every subscriber connection is dropped: subscribers that play
// by the rules reconnect and subscribe again.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "connections/peer_connections.hpp"
#include "connections/subscription_ledger.hpp"
#include "core/endpoint_metrics.hpp"

namespace sf::detail {

class SubscriptionGuard {
 public:
  using Clock = std::chrono::steady_clock;

  SubscriptionGuard(std::string label, SubscriptionLimits limits, std::vector<ConnectionAddress> addresses)
      : label_(std::move(label)), ledger_(limits), connections_(std::move(addresses)) {}

  // Reads every pending notice from the publisher's XPUB socket. A flood
  // ends here: past the cap its connection is dropped, and what it had sent
  // is finite.
  void drain(zmq::socket_t& xpub, EndpointMetrics& metrics);

  // While over the cap with nobody singled out, the escalation is due at
  // next_check() even if no notice comes: a flood that has stopped sends none.
  Clock::time_point next_check() const;
  void on_timer(Clock::time_point now, EndpointMetrics& metrics);

  static constexpr int kCheckEvery = 1000;

  int subscriptions() const { return ledger_.subscriptions(); }
  const SubscriptionLedger& ledger() const { return ledger_; }

 private:
  void check(EndpointMetrics& metrics);
  void enforce(EndpointMetrics& metrics);
  void report(int dropped, const std::string& peer, Clock::time_point now);

  std::string label_;
  SubscriptionLedger ledger_;
  PeerConnections connections_;
  // Since when the ledger is over the cap with no connection left to single out.
  std::optional<Clock::time_point> stuck_since_;
  std::optional<Clock::time_point> last_drop_;
  // One line per drop would be ten a second against a flooder that reconnects.
  Clock::time_point last_line_{};
  bool logged_ = false;
  int unlogged_drops_ = 0;
};

// The XPUB-facing addresses of `endpoints` (as attach() returned them).
std::vector<ConnectionAddress> connection_addresses(const std::vector<std::string>& endpoints, bool bound);

}  // namespace sf::detail
