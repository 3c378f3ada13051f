#include "connections/subscription_ledger.hpp"

namespace sf::detail {

void SubscriptionLedger::note(std::span<const std::uint8_t> notice, std::string_view peer) {
  if (notice.empty() || notice[0] > 1) return;
  const bool subscribe = notice[0] == 1;
  if (subscribe) ++subscriptions_;
  if (!limits_.capped()) return;  // no cap: keep nothing per prefix
  std::string prefix(reinterpret_cast<const char*>(notice.data() + 1), notice.size() - 1);
  if (subscribe) {
    const auto [it, added] = introduced_by_.try_emplace(std::move(prefix), peer);
    if (!added) return;  // another subscriber's prefix: the trie keeps it once
    bytes_ += it->first.size();
    ++brought_[it->second];
    return;
  }
  const auto it = introduced_by_.find(prefix);
  if (it == introduced_by_.end()) return;
  bytes_ -= it->first.size();
  const auto by = brought_.find(it->second);
  if (by != brought_.end() && --by->second == 0) brought_.erase(by);
  introduced_by_.erase(it);
}

bool SubscriptionLedger::over_cap() const {
  return limits_.capped() && (introduced_by_.size() > limits_.max_prefixes || bytes_ > limits_.max_bytes);
}

std::string SubscriptionLedger::heaviest_peer() const {
  std::string heaviest;
  std::size_t most = 0;
  for (const auto& [peer, count] : brought_) {
    if (count > most) {
      most = count;
      heaviest = peer;
    }
  }
  return heaviest;
}

}  // namespace sf::detail
