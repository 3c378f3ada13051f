#include "connections/subscription_tally.hpp"

#include <sf/log.hpp>

namespace sf::detail {

bool SubscriptionTally::note(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || data[0] != 1) return false;
  ++subscriptions_;
  if (warned_) return false;
  distinct_.emplace(reinterpret_cast<const char*>(data + 1), size - 1);
  if (distinct_.size() <= warn_at_) return false;
  warned_ = true;
  distinct_.clear();  // its job is done: keep nothing more per subscription
  return true;
}

void warn_many_subscriptions(const std::string& label, const SubscriptionTally& tally) {
  get_logger()->warn("{}: more than {} distinct subscription prefixes; ZeroMQ keeps every one in memory, "
                     "so a subscriber may be flooding this publisher (docs/hardening.md, Limits)",
                     label, tally.warn_at());
}

}  // namespace sf::detail
