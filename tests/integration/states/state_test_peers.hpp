#pragma once
// Peers the state tests put between or in place of services: a lossy XSUB/XPUB
// proxy (drops every n-th publication on purpose), and a hand-driven state
// publisher speaking the wire protocol, for exact sequences no real publisher
// would send (invalid deltas, chosen numbers).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <zmq.hpp>

#include <sf/json.hpp>

namespace statetest {

class LossyProxy {
 public:
  // Connects an XSUB to `upstream` (the publisher), binds an XPUB at
  // `downstream`, forwards subscriptions up and publications down, dropping
  // every `drop_every`-th publication. A second XSUB connects to
  // `clean_upstreams` (other publishers on the same stream) and forwards all
  // of theirs. Runs on its own thread until destroyed.
  LossyProxy(std::string upstream, std::string downstream, int drop_every,
             std::vector<std::string> clean_upstreams = {});
  ~LossyProxy();
  LossyProxy(const LossyProxy&) = delete;

  // From now on drop every n-th publication of the lossy upstream (0: none).
  void set_drop_every(int n) { drop_every_ = n; }
  int forwarded() const { return forwarded_; }
  int dropped() const { return dropped_; }

 private:
  void run(const std::string& upstream, const std::string& downstream, const std::vector<std::string>& clean,
           std::promise<void>& bound);

  std::atomic<int> drop_every_;
  std::atomic<bool> stop_{false};
  std::atomic<int> forwarded_{0};
  std::atomic<int> dropped_{0};
  std::thread thread_;
};

class FakeStatePublisher {
 public:
  FakeStatePublisher(const std::string& publisher, const std::string& replyer, std::string epoch);

  // True once a subscription reached the XPUB.
  bool wait_subscription(std::chrono::milliseconds timeout);
  // The routing frames of the next snapshot request; nullopt on timeout.
  std::optional<std::vector<zmq::message_t>> wait_request(std::chrono::milliseconds timeout);
  void reply_snapshot(std::vector<zmq::message_t>& request, const sf::Json& state, std::int64_t seq);
  void publish(const sf::Json& state, std::int64_t seq, bool is_snapshot = false);
  // Publishes with another epoch ("" sends none), for hostile streams.
  void publish_as(const std::string& epoch, const sf::Json& state, std::int64_t seq, bool is_snapshot = false);

 private:
  std::string epoch_;
  zmq::context_t context_{1};
  zmq::socket_t publisher_{context_, zmq::socket_type::xpub};
  zmq::socket_t replyer_{context_, zmq::socket_type::router};
  unsigned counter_ = 0;
};

}  // namespace statetest
