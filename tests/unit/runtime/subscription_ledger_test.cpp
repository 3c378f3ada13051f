// SubscriptionLedger: the mirror of what a publisher's XPUB keeps, built from
// its notices (docs/hardening.md, "Limits").
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "connections/subscription_ledger.hpp"

using sf::detail::SubscriptionLedger;
using sf::detail::SubscriptionLimits;

namespace {

// Sized once and filled, not a one-byte vector grown by insert(): GCC 12 at
// -O2 flags that insert's reallocation copy with a false -Warray-bounds
// ("offset 1 is out of the bounds [0, 1]", the known libstdc++/GCC 12 issue).
std::vector<std::uint8_t> notice(bool subscribe, const std::string& prefix) {
  std::vector<std::uint8_t> n(1 + prefix.size());
  n[0] = subscribe ? 1 : 0;
  std::copy(prefix.begin(), prefix.end(), n.begin() + 1);
  return n;
}

}  // namespace

TEST_CASE("the ledger counts distinct prefixes and their bytes") {
  SubscriptionLedger ledger(SubscriptionLimits::for_count(3));
  ledger.note(notice(true, "ab"), "127.0.0.1");
  ledger.note(notice(true, "ab"), "127.0.0.2");  // a second subscriber: ZeroMQ keeps the prefix once
  ledger.note(notice(true, "cde"), "127.0.0.1");
  CHECK(ledger.prefixes() == 2);
  CHECK(ledger.bytes() == 5);
  CHECK(ledger.subscriptions() == 3);  // every subscriber's, for wait_subscribers
  ledger.note(notice(false, "ab"), "");  // the prefix's last subscriber left
  CHECK(ledger.prefixes() == 1);
  CHECK(ledger.bytes() == 3);
  ledger.note(notice(false, "never-seen"), "");
  CHECK(ledger.prefixes() == 1);
}

TEST_CASE("the ledger is over the cap past the count or past the bytes") {
  SubscriptionLedger by_count(SubscriptionLimits{.max_prefixes = 2, .max_bytes = 1000});
  by_count.note(notice(true, "a"), "p");
  by_count.note(notice(true, "b"), "p");
  CHECK_FALSE(by_count.over_cap());
  by_count.note(notice(true, "c"), "p");
  CHECK(by_count.over_cap());

  SubscriptionLedger by_bytes(SubscriptionLimits{.max_prefixes = 100, .max_bytes = 10});
  by_bytes.note(notice(true, std::string(10, 'x')), "p");
  CHECK_FALSE(by_bytes.over_cap());
  by_bytes.note(notice(true, "y"), "p");
  CHECK(by_bytes.over_cap());
  by_bytes.note(notice(false, "y"), "");
  CHECK_FALSE(by_bytes.over_cap());
}

TEST_CASE("the heaviest peer is the one that brought the most kept prefixes") {
  SubscriptionLedger ledger(SubscriptionLimits::for_count(100));
  CHECK(ledger.heaviest_peer().empty());
  ledger.note(notice(true, "t1"), "localhost:0:0:10");
  for (int i = 0; i < 5; ++i) ledger.note(notice(true, "flood" + std::to_string(i)), "localhost:0:0:20");
  CHECK(ledger.heaviest_peer() == "localhost:0:0:20");
  for (int i = 0; i < 5; ++i) ledger.note(notice(false, "flood" + std::to_string(i)), "");
  CHECK(ledger.heaviest_peer() == "localhost:0:0:10");
}

TEST_CASE("without a cap the ledger keeps nothing per prefix") {
  SubscriptionLedger ledger(SubscriptionLimits::for_count(0));
  for (int i = 0; i < 100; ++i) ledger.note(notice(true, std::to_string(i)), "p");
  CHECK(ledger.subscriptions() == 100);
  CHECK(ledger.prefixes() == 0);
  CHECK_FALSE(ledger.over_cap());
}

TEST_CASE("notices that are not subscriptions are ignored") {
  SubscriptionLedger ledger(SubscriptionLimits::for_count(10));
  ledger.note(std::vector<std::uint8_t>{}, "p");
  ledger.note(std::vector<std::uint8_t>{7, 'x'}, "p");
  CHECK(ledger.subscriptions() == 0);
  CHECK(ledger.prefixes() == 0);
}
