#include "state_test_peers.hpp"

#include <fmt/format.h>

#include "states/state_message.hpp"
#include "wire/codec.hpp"

namespace statetest {

LossyProxy::LossyProxy(std::string upstream, std::string downstream, int drop_every,
                       std::vector<std::string> clean_upstreams)
    : drop_every_(drop_every) {
  std::promise<void> bound;
  auto ready = bound.get_future();
  thread_ = std::thread([this, &bound, upstream = std::move(upstream), downstream = std::move(downstream),
                         clean = std::move(clean_upstreams)] { run(upstream, downstream, clean, bound); });
  // Bound before the constructor returns, so a follower started next finds it.
  try {
    ready.get();
  } catch (...) {
    thread_.join();
    throw;
  }
}

LossyProxy::~LossyProxy() {
  stop_ = true;
  thread_.join();
}

void LossyProxy::run(const std::string& upstream, const std::string& downstream,
                     const std::vector<std::string>& clean, std::promise<void>& bound) {
  zmq::context_t context(1);
  zmq::socket_t xsub(context, zmq::socket_type::xsub);
  zmq::socket_t clean_xsub(context, zmq::socket_type::xsub);
  zmq::socket_t xpub(context, zmq::socket_type::xpub);
  try {
    for (auto* s : {&xsub, &clean_xsub}) {
      s->set(zmq::sockopt::linger, 0);
      s->set(zmq::sockopt::rcvhwm, 0);
    }
    xpub.set(zmq::sockopt::linger, 0);
    xpub.set(zmq::sockopt::sndhwm, 0);
    xpub.set(zmq::sockopt::xpub_verbose, 1);  // every subscription reaches every upstream
    xsub.connect(upstream);
    for (const auto& endpoint : clean) clean_xsub.connect(endpoint);
    xpub.bind(downstream);
  } catch (...) {
    bound.set_exception(std::current_exception());
    return;
  }
  bound.set_value();
  int seen = 0;
  while (!stop_) {
    zmq::pollitem_t items[] = {{xsub.handle(), 0, ZMQ_POLLIN, 0},
                               {xpub.handle(), 0, ZMQ_POLLIN, 0},
                               {clean_xsub.handle(), 0, ZMQ_POLLIN, 0}};
    // The timeout only bounds how long the destructor waits for this thread.
    zmq::poll(items, 3, std::chrono::milliseconds(20));
    if (items[2].revents & ZMQ_POLLIN) {
      zmq::message_t message;
      while (clean_xsub.recv(message, zmq::recv_flags::dontwait)) xpub.send(message, zmq::send_flags::dontwait);
    }
    if (items[0].revents & ZMQ_POLLIN) {
      zmq::message_t message;
      while (xsub.recv(message, zmq::recv_flags::dontwait)) {
        const int every = drop_every_;
        if (++seen, every > 0 && seen % every == 0) {
          ++dropped_;
          continue;
        }
        xpub.send(message, zmq::send_flags::dontwait);
        ++forwarded_;
      }
    }
    if (items[1].revents & ZMQ_POLLIN) {
      zmq::message_t subscription;
      while (xpub.recv(subscription, zmq::recv_flags::dontwait)) {
        zmq::message_t copy;
        copy.copy(subscription);
        xsub.send(subscription, zmq::send_flags::dontwait);
        clean_xsub.send(copy, zmq::send_flags::dontwait);
      }
    }
  }
}

FakeStatePublisher::FakeStatePublisher(const std::string& publisher, const std::string& replyer, std::string epoch)
    : epoch_(std::move(epoch)) {
  publisher_.set(zmq::sockopt::linger, 0);
  replyer_.set(zmq::sockopt::linger, 0);
  publisher_.bind(publisher);
  replyer_.bind(replyer);
}

bool FakeStatePublisher::wait_subscription(std::chrono::milliseconds timeout) {
  zmq::pollitem_t item{publisher_.handle(), 0, ZMQ_POLLIN, 0};
  if (zmq::poll(&item, 1, timeout) == 0) return false;
  zmq::message_t notice;
  return publisher_.recv(notice).has_value() && notice.size() > 0 && notice.data<std::uint8_t>()[0] == 1;
}

std::optional<std::vector<zmq::message_t>> FakeStatePublisher::wait_request(std::chrono::milliseconds timeout) {
  zmq::pollitem_t item{replyer_.handle(), 0, ZMQ_POLLIN, 0};
  if (zmq::poll(&item, 1, timeout) == 0) return std::nullopt;
  std::vector<zmq::message_t> frames;
  do {
    zmq::message_t frame;
    if (!replyer_.recv(frame)) break;
    frames.push_back(std::move(frame));
  } while (frames.back().more());
  return frames;
}

void FakeStatePublisher::reply_snapshot(std::vector<zmq::message_t>& request, const sf::Json& state,
                                        std::int64_t seq) {
  sf::Json payload = sf::detail::wire::decode(request.back().data(), request.back().size());
  std::vector<std::uint8_t> out;
  sf::detail::wire::encode(
      sf::detail::snapshot_reply(state, seq, epoch_, sf::detail::wire::workflow_id_of(payload)), out);
  for (std::size_t i = 0; i + 1 < request.size(); ++i) replyer_.send(request[i], zmq::send_flags::sndmore);
  replyer_.send(zmq::buffer(out));
}

void FakeStatePublisher::publish(const sf::Json& state, std::int64_t seq, bool is_snapshot) {
  publish_as(epoch_, state, seq, is_snapshot);
}

void FakeStatePublisher::publish_as(const std::string& epoch, const sf::Json& state, std::int64_t seq,
                                    bool is_snapshot) {
  sf::Json payload =
      sf::detail::state_publication(state, is_snapshot, seq, epoch, fmt::format("fake-{}", ++counter_));
  if (epoch.empty()) payload.erase("epoch");
  std::vector<std::uint8_t> out;
  sf::detail::wire::encode(payload, out);
  publisher_.send(zmq::buffer(out));
}

}  // namespace statetest
