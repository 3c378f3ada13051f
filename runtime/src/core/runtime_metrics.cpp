// The runtime's counters as JSON, and the stats socket a supervisor asks them
// on. The snapshot is built only when asked (about once a second while
// someone watches), so the hot path pays for the increments and nothing else.
#include <sys/socket.h>

#include <cerrno>

#include "core/runtime.hpp"

namespace sf::detail {
namespace {

Json histogram_json(const LatencyHistogram& h) {
  return {{"counts", h.counts}, {"sum_us", h.sum_micros}};
}

Json endpoint_json(const EndpointMetrics& m) {
  Json errors = Json::object();
  for (std::size_t k = 0; k < m.errors.size(); ++k) errors[to_string(static_cast<ErrorKind>(k))] = m.errors[k];
  return {{"messages_in", m.messages_in},   {"messages_out", m.messages_out}, {"bytes_in", m.bytes_in},
          {"bytes_out", m.bytes_out},       {"errors", std::move(errors)},    {"resyncs", m.resyncs},
          {"latency", histogram_json(m.handler_latency)}};
}

}  // namespace

Json Runtime::metrics_snapshot() const {
  Json endpoints = Json::array();
  for (const auto& slot : slots_) {
    const auto& models = slot.kind == Kind::connection ? definition_.connection_models : definition_.state_models;
    const auto& side = slot.side == Side::in ? models.in : models.out;
    auto model = side.find(slot.name);
    Json e = endpoint_json(slot.endpoint->metrics);
    e["kind"] = to_string(slot.kind);
    e["side"] = to_string(slot.side);
    e["name"] = slot.name;
    e["type"] = model == side.end() ? "" : model->second.type;
    endpoints.push_back(std::move(e));
  }
  return {{"service", service_name_},
          {"latency_buckets_us", LatencyHistogram::kUpperMicros},
          {"endpoints", std::move(endpoints)}};
}

void Runtime::serve_stats_requests() {
  char request[64];
  for (;;) {
    const ssize_t n = ::recv(stats_fd_, request, sizeof request, MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return;  // EAGAIN: nothing more asked
    if (n == 0) {
      // The supervisor closed its end: stop polling a descriptor that stays readable.
      stats_fd_ = -1;
      return;
    }
    const std::string answer = metrics_snapshot().dump();
    // Never waits: when the supervisor is not reading, this answer is dropped
    // and the next request gets a fresh one.
    ::send(stats_fd_, answer.data(), answer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  }
}

}  // namespace sf::detail
