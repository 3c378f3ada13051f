#pragma once
// Running book_publisher and book_follower as real workers for the state
// tests, and asking the follower what its copy of the book looks like.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <zmq.hpp>

#include <sf/json.hpp>

#include "process.hpp"

namespace statetest {

using namespace std::chrono_literals;

// ipc:// endpoints in one temp dir: the publisher's two states and the
// follower's book_checksum replyer.
struct BookEndpoints {
  explicit BookEndpoints(const sftest::TempDir& dir);
  std::string book_publisher, book_replyer, top_publisher, top_replyer, checksum;
};

sf::Json publisher_addresses(const BookEndpoints& e);
// `book_subscriber`: where the follower's book subscription connects (the
// publisher, or a proxy in front of it).
sf::Json follower_addresses(const BookEndpoints& e, const std::string& book_subscriber);

// Spawns the worker (main mode for the publisher) with a config file, and
// waits for its readiness fd. `tag` names the files and the service in logs.
sftest::Process start_publisher(const sftest::TempDir& dir, const BookEndpoints& e, const sf::Json& config,
                                const std::string& tag = "book_publisher");
sftest::Process start_follower(const sftest::TempDir& dir, const sf::Json& addresses, const sf::Json& config,
                               const std::string& tag = "book_follower");

// What book_publisher logs when it has sent its `count` deltas.
struct PublisherDone {
  std::int64_t deltas = 0;
  std::int64_t current_num = 0;
  std::int64_t levels = 0;
  std::string checksum;
};
// `also_drain`: processes whose output must keep being read meanwhile (a
// follower logging every change would otherwise block on a full pipe).
std::optional<PublisherDone> wait_publisher_done(sftest::Process& publisher,
                                                 std::initializer_list<sftest::Process*> also_drain = {});

// A REQ client of the follower's book_checksum replyer. A lost reply resets
// the socket (a REQ socket cannot send twice).
class ChecksumClient {
 public:
  explicit ChecksumClient(std::string endpoint);
  // return_args of one request; nullopt when no reply within `timeout`.
  std::optional<sf::Json> ask(std::chrono::milliseconds timeout = 5s);

 private:
  void reset();
  std::string endpoint_;
  zmq::context_t context_{1};
  std::unique_ptr<zmq::socket_t> socket_;
  unsigned counter_ = 0;
};

// The follower logs "checksum <x>" when its copy reaches that checksum (with
// log_every 1): waits for that, then asks book_checksum to confirm the copy.
// Returns the confirming reply, nullopt when it never matched.
std::optional<sf::Json> wait_follower_checksum(sftest::Process& follower, ChecksumClient& client,
                                               const std::string& checksum,
                                               std::chrono::milliseconds timeout = 30s);

}  // namespace statetest
