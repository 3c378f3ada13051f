#pragma once
// What a publisher's XPUB socket reports about its subscribers: how many
// subscriptions arrived (wait_subscribers), and whether the distinct prefixes
// passed a bound. ZeroMQ (libzmq 4.3) keeps every prefix in a trie and gives
// no way to refuse one: ZMQ_XPUB_MANUAL keeps its own copy of each received
// subscription, which costs the same memory (docs/hardening.md, "Limits").
// So a subscriber flooding a publisher is not stopped here; it is seen, with
// one warning line when the distinct prefixes pass the bound.
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_set>

namespace sf::detail {

class SubscriptionTally {
 public:
  static constexpr std::size_t kDefaultWarnAt = 10'000;
  explicit SubscriptionTally(std::size_t warn_at = kDefaultWarnAt) : warn_at_(warn_at) {}

  // One XPUB notice (0x01 + prefix subscribes, 0x00 + prefix unsubscribes).
  // True for the one notice that takes the distinct prefixes past the bound.
  bool note(const std::uint8_t* data, std::size_t size);

  int subscriptions() const { return subscriptions_; }
  std::size_t warn_at() const { return warn_at_; }

 private:
  std::size_t warn_at_;
  int subscriptions_ = 0;
  bool warned_ = false;
  std::unordered_set<std::string> distinct_;  // at most warn_at_ of them: the tally is bounded too
};

// The one warning line, logged by the publisher labelled `label`.
void warn_many_subscriptions(const std::string& label, const SubscriptionTally& tally);

}  // namespace sf::detail
