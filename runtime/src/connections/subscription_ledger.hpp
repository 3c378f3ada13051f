#pragma once
// What a publisher's subscribers asked it to keep. libzmq 4.3's XPUB stores
// every subscription prefix in a trie and has no hook to refuse one (with
// ZMQ_XPUB_MANUAL it keeps a second copy), so the only bound a publisher can
// put on that memory is to drop the connections that fill it. This ledger
// mirrors the distinct prefixes from the XPUB's notices, which is what the
// trie costs, and remembers which peer brought each one, so the drop can aim
// at the flooder rather than at every subscriber.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sf::detail {

struct SubscriptionLimits {
  std::size_t max_prefixes = 10'000;  // distinct prefixes; 0: no cap (nothing mirrored)
  // Prefix text allowed in all: a trie costs about 30 bytes per byte of
  // prefix, so a count alone would still let 4 KiB prefixes cost gigabytes.
  std::size_t max_bytes = 10'000 * kBytesPerPrefix;
  static constexpr std::size_t kBytesPerPrefix = 64;

  static SubscriptionLimits for_count(std::size_t max_prefixes) {
    return {max_prefixes, max_prefixes * kBytesPerPrefix};
  }
  bool capped() const { return max_prefixes > 0; }
};

class SubscriptionLedger {
 public:
  explicit SubscriptionLedger(SubscriptionLimits limits) : limits_(limits) {}

  // One XPUB notice: 0x01 + prefix when a subscriber subscribes (the socket
  // is verbose: every subscriber's), 0x00 + prefix when the prefix's last
  // subscriber left. `peer` is ZeroMQ's Peer-Address of the sender, "" when
  // the notice has none (unsubscriptions made by a disconnect).
  void note(std::span<const std::uint8_t> notice, std::string_view peer);

  bool over_cap() const;
  // The peer that brought the most of the kept prefixes; "" when none is known.
  std::string heaviest_peer() const;

  int subscriptions() const { return subscriptions_; }  // subscribe notices, for wait_subscribers
  std::size_t prefixes() const { return introduced_by_.size(); }
  std::size_t bytes() const { return bytes_; }
  const SubscriptionLimits& limits() const { return limits_; }

 private:
  SubscriptionLimits limits_;
  int subscriptions_ = 0;
  std::size_t bytes_ = 0;
  std::unordered_map<std::string, std::string> introduced_by_;  // prefix -> peer that brought it
  std::unordered_map<std::string, std::size_t> brought_;         // peer -> prefixes it brought
};

}  // namespace sf::detail
