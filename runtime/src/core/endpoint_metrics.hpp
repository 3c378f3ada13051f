#pragma once
// What one connection or state counts: messages and bytes each way, errors by
// kind, resyncs, and how long its handler took. Plain integers, no atomics:
// a runtime and all its endpoints live on one thread (the service loop, or
// main's thread), and the stats request that reads them is served from that
// same loop. Incrementing costs a few adds; nothing here allocates.
//
// Building with -DSF_WITHOUT_METRICS turns every update into nothing: that
// build exists only to measure what the counters cost (tools/bench).
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sf::detail {

// subscription_cap: subscriber connections a publisher dropped for passing
// its max_subscriptions (docs/hardening.md, "Limits").
enum class ErrorKind : std::size_t { malformed, invalid_args, handler_error, timeout, subscription_cap, count };
const char* to_string(ErrorKind kind);
// The kinds read_inbound and error replies use ("malformed", "invalid",
// "invalid_args", "handler_error", "invalid_return") folded into ours.
ErrorKind error_kind_of(std::string_view kind);

// Handler latency in fixed log-scale buckets (1-2-5 from 1 µs to 10 s), so
// recording is a short scan of constants and percentiles can be estimated
// later from counts alone, also over the difference of two snapshots.
struct LatencyHistogram {
  static constexpr std::array<std::uint64_t, 22> kUpperMicros{
      1,      2,      5,      10,      20,      50,      100,     200,     500,     1000,    2000,
      5000,   10000,  20000,  50000,   100000,  200000,  500000,  1000000, 2000000, 5000000, 10000000};
  std::array<std::uint64_t, kUpperMicros.size() + 1> counts{};  // the last one: above 10 s
  std::uint64_t sum_micros = 0;

  void record(std::chrono::nanoseconds took) {
#ifndef SF_WITHOUT_METRICS
    const auto us = static_cast<std::uint64_t>(took.count() < 0 ? 0 : took.count() / 1000);
    std::size_t i = 0;
    while (i < kUpperMicros.size() && us > kUpperMicros[i]) ++i;
    ++counts[i];
    sum_micros += us;
#else
    (void)took;
#endif
  }
};

struct EndpointMetrics {
  std::uint64_t messages_in = 0;
  std::uint64_t messages_out = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  std::array<std::uint64_t, static_cast<std::size_t>(ErrorKind::count)> errors{};
  std::uint64_t resyncs = 0;  // snapshot requests of a delta in-state
  LatencyHistogram handler_latency;

#ifndef SF_WITHOUT_METRICS
  void received(std::size_t bytes) {
    ++messages_in;
    bytes_in += bytes;
  }
  void sent(std::size_t bytes) {
    ++messages_out;
    bytes_out += bytes;
  }
  void error(ErrorKind kind) { ++errors[static_cast<std::size_t>(kind)]; }
  void resynced() { ++resyncs; }
#else
  void received(std::size_t) {}
  void sent(std::size_t) {}
  void error(ErrorKind) {}
  void resynced() {}
#endif
  void error(std::string_view kind) { error(error_kind_of(kind)); }
};

// Times one handler call into a histogram (stops on scope exit, exceptions too).
class HandlerTimer {
 public:
#ifndef SF_WITHOUT_METRICS
  explicit HandlerTimer(LatencyHistogram& into) : into_(into), started_(std::chrono::steady_clock::now()) {}
  ~HandlerTimer() { into_.record(std::chrono::steady_clock::now() - started_); }
#else
  explicit HandlerTimer(LatencyHistogram& into) : into_(into) {}
#endif
  HandlerTimer(const HandlerTimer&) = delete;
  HandlerTimer& operator=(const HandlerTimer&) = delete;

 private:
  LatencyHistogram& into_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace sf::detail
