#include "supervision/deadline_queue.hpp"

#include <climits>

namespace sfsup {

DeadlineQueue::Id DeadlineQueue::add(Clock::time_point when, std::function<void()> callback) {
  const Id id = next_id_++;
  queue_.emplace(Key{when, id}, std::move(callback));
  when_.emplace(id, when);
  return id;
}

void DeadlineQueue::cancel(Id id) {
  auto it = when_.find(id);
  if (it == when_.end()) return;
  queue_.erase(Key{it->second, id});
  when_.erase(it);
}

std::optional<DeadlineQueue::Clock::time_point> DeadlineQueue::next() const {
  if (queue_.empty()) return std::nullopt;
  return queue_.begin()->first.first;
}

int DeadlineQueue::poll_timeout_ms(Clock::time_point now) const {
  auto when = next();
  if (!when) return -1;
  if (*when <= now) return 0;
  auto left = std::chrono::ceil<std::chrono::milliseconds>(*when - now).count();
  return left > INT_MAX ? INT_MAX : static_cast<int>(left);
}

void DeadlineQueue::run_due(Clock::time_point now) {
  while (!queue_.empty() && queue_.begin()->first.first <= now) {
    auto node = queue_.extract(queue_.begin());
    when_.erase(node.key().second);
    node.mapped()();
  }
}

}  // namespace sfsup
