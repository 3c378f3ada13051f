#pragma once
// Collects every worker's counters for `status --json`, `top`, /metrics and
// the status page. Each worker holds one end of a SOCK_SEQPACKET pair (its
// fd 4, see worker_process.hpp); a round sends every worker a one-byte
// request and reads the JSON datagram it answers from its own loop. Nothing
// waits: requests and answers go through the event loop, and a round ends
// when all have answered or after kRoundTimeout, whichever comes first.
// CPU and RSS come from /proc at the same moment.
//
// Rounds run once a second, but only while someone looks: the metrics
// server asks for them all the time, a control client for kDemandWindow after
// its last question. An idle topology nobody watches is never woken.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "supervision/event_loop.hpp"
#include "supervision/unique_fd.hpp"

namespace sfsup {

class MetricsCollector {
 public:
  using Clock = EventLoop::Clock;
  static constexpr std::chrono::milliseconds kPeriod{1000};
  static constexpr std::chrono::milliseconds kRoundTimeout{500};
  static constexpr std::chrono::seconds kDemandWindow{10};

  // `on_round` runs after every completed round (answers waiting clients).
  MetricsCollector(EventLoop& loop, std::function<void()> on_round);
  ~MetricsCollector();
  MetricsCollector(const MetricsCollector&) = delete;
  MetricsCollector& operator=(const MetricsCollector&) = delete;

  // A new worker of `service` (replaces the previous one's counters).
  void add_worker(const std::string& service, pid_t pid, UniqueFd stats);

  // Someone wants numbers now: returns the round whose completion answers
  // them (rounds() already reaching it means: answer at once).
  std::uint64_t want();
  void keep_collecting() { always_ = true; want(); }
  std::uint64_t rounds() const { return rounds_; }
  // Where the metrics server listens ("" without one): status shows it.
  void set_url(std::string url) { url_ = std::move(url); }
  const std::string& url() const { return url_; }

  // The latest numbers of `service`'s worker, or null when there are none:
  // {"cpu_percent", "cpu_seconds", "rss_bytes", "messages_in", "messages_out", "errors",
  //  "messages_in_per_s", "messages_out_per_s", "errors_per_s",
  //  "latency_p50_us", "latency_p99_us", "latency_buckets_us", "endpoints": [...]}
  nlohmann::json service_metrics(const std::string& service) const;

 private:
  struct Sample {
    Clock::time_point at{};
    nlohmann::json snapshot;  // what the worker answered
  };
  struct ProcSample {
    Clock::time_point at{};
    double cpu_seconds = 0;
    std::uint64_t rss_bytes = 0;
  };
  struct Worker {
    pid_t pid = -1;
    UniqueFd fd;
    bool awaiting = false;  // a request is outstanding
    // It let a round end without answering (busy in a long handler, or not
    // a service_framework worker at all): later rounds do not wait for it.
    bool missed = false;
    std::optional<Sample> last, previous;
    std::optional<ProcSample> proc_last, proc_previous;
  };

  bool active() const;
  void start_round();
  void finish_round();
  void on_readable(const std::string& service, int fd, short revents);
  void forget_fd(Worker& w);
  bool round_waits() const;

  EventLoop& loop_;
  std::function<void()> on_round_;
  std::map<std::string, Worker> workers_;
  bool always_ = false;
  bool in_round_ = false;
  Clock::time_point demand_until_{};
  Clock::time_point round_started_{};
  EventLoop::TimerId round_timer_ = 0;  // round timeout, or the next round
  std::uint64_t rounds_ = 0;
  std::string url_;
};

}  // namespace sfsup
