#pragma once
// An eventfd the loop polls, so another thread (stop_service) or a relayed
// signal can wake it without a busy poll.
namespace sf::detail {

class Wakeup {
 public:
  Wakeup();
  ~Wakeup();
  Wakeup(const Wakeup&) = delete;
  Wakeup& operator=(const Wakeup&) = delete;
  int fd() const { return fd_; }
  void notify();
  void drain();

 private:
  int fd_ = -1;
};

}  // namespace sf::detail
