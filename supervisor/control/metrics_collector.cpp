#include "control/metrics_collector.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <vector>

#include "control/metrics_summary.hpp"

namespace sfsup {

using nlohmann::json;

namespace {

// utime + stime of /proc/<pid>/stat (fields 14 and 15, counted after the
// command name, which may itself hold spaces and parentheses) and the
// resident set of /proc/<pid>/statm.
std::optional<std::pair<double, std::uint64_t>> read_proc(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return std::nullopt;
  const auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(line.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
  unsigned long long size = 0, resident = 0;
  if (!(statm >> size >> resident)) return std::nullopt;
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  return std::pair{static_cast<double>(utime + stime) / ticks,
                   static_cast<std::uint64_t>(resident) * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE))};
}

}  // namespace

MetricsCollector::MetricsCollector(EventLoop& loop, std::function<void()> on_round)
    : loop_(loop), on_round_(std::move(on_round)) {}

MetricsCollector::~MetricsCollector() {
  loop_.cancel(round_timer_);
  for (auto& [name, w] : workers_) forget_fd(w);
}

void MetricsCollector::forget_fd(Worker& w) {
  if (!w.fd) return;
  loop_.unwatch(w.fd.get());
  w.fd.reset();
  w.awaiting = false;
}

void MetricsCollector::add_worker(const std::string& service, pid_t pid, UniqueFd stats) {
  Worker& w = workers_[service];
  forget_fd(w);
  w = Worker{};
  w.pid = pid;
  w.fd = std::move(stats);
  if (!w.fd) return;
  const int fd = w.fd.get();
  loop_.watch(fd, POLLIN, [this, service, fd](short revents) { on_readable(service, fd, revents); });
}

bool MetricsCollector::active() const { return always_ || Clock::now() < demand_until_; }

std::uint64_t MetricsCollector::want() {
  const bool was_active = active();
  demand_until_ = Clock::now() + kDemandWindow;
  if (in_round_) return rounds_ + 1;
  // Data from a round that ran while someone was looking is at most a
  // period old; after a quiet spell it is stale, and a worker started since
  // has none: measure again now.
  bool unmeasured = false;
  for (const auto& [name, w] : workers_) unmeasured = unmeasured || (w.fd && !w.last && !w.missed);
  if (was_active && rounds_ > 0 && !unmeasured) return rounds_;
  loop_.cancel(round_timer_);
  start_round();
  return rounds_ + 1;
}

void MetricsCollector::start_round() {
  in_round_ = true;
  round_started_ = Clock::now();
  static constexpr char kAsk = '?';
  for (auto& [name, w] : workers_) {
    if (auto proc = read_proc(w.pid)) {
      w.proc_previous = w.proc_last;
      w.proc_last = ProcSample{round_started_, proc->first, proc->second};
    }
    if (!w.fd) continue;
    // A worker that has not answered the previous request keeps that one.
    if (!w.awaiting && ::send(w.fd.get(), &kAsk, 1, MSG_DONTWAIT | MSG_NOSIGNAL) == 1) w.awaiting = true;
  }
  round_timer_ = loop_.after(kRoundTimeout, [this] {
    round_timer_ = 0;
    finish_round();
  });
  if (!round_waits()) finish_round();
}

bool MetricsCollector::round_waits() const {
  for (const auto& [name, w] : workers_)
    if (w.awaiting && !w.missed) return true;
  return false;
}

void MetricsCollector::finish_round() {
  if (!in_round_) return;
  in_round_ = false;
  for (auto& [name, w] : workers_) w.missed = w.missed || w.awaiting;
  loop_.cancel(round_timer_);
  round_timer_ = 0;
  ++rounds_;
  if (active()) {
    round_timer_ = loop_.at(round_started_ + kPeriod, [this] {
      round_timer_ = 0;
      if (active()) start_round();
    });
  }
  if (on_round_) on_round_();
}

void MetricsCollector::on_readable(const std::string& service, int fd, short revents) {
  auto it = workers_.find(service);
  if (it == workers_.end() || it->second.fd.get() != fd) {
    loop_.unwatch(fd);
    return;
  }
  Worker& w = it->second;
  // Big enough for hundreds of endpoints; a longer answer is cut and
  // fails to parse, which only loses that worker's numbers.
  static std::vector<char> buffer(1 << 20);
  for (;;) {
    const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) break;
    if (n <= 0) {  // the worker exited (EOF) or the socket broke
      forget_fd(w);
      break;
    }
    json snapshot = json::parse(buffer.data(), buffer.data() + n, nullptr, false);
    w.awaiting = false;
    w.missed = false;
    if (snapshot.is_discarded() || !snapshot.is_object()) continue;
    w.previous = std::move(w.last);
    w.last = Sample{Clock::now(), std::move(snapshot)};
  }
  if (revents & (POLLHUP | POLLERR)) forget_fd(w);
  if (in_round_ && !round_waits()) finish_round();
}

json MetricsCollector::service_metrics(const std::string& service) const {
  auto it = workers_.find(service);
  if (it == workers_.end()) return nullptr;
  const Worker& w = it->second;
  json out = json::object();
  if (w.proc_last) {
    out["rss_bytes"] = w.proc_last->rss_bytes;
    out["cpu_seconds"] = w.proc_last->cpu_seconds;
    if (w.proc_previous) {
      const double dt = std::chrono::duration<double>(w.proc_last->at - w.proc_previous->at).count();
      if (dt > 0) out["cpu_percent"] = 100.0 * (w.proc_last->cpu_seconds - w.proc_previous->cpu_seconds) / dt;
    }
  }
  if (w.last) {
    const json* before = w.previous ? &w.previous->snapshot : nullptr;
    const double dt = w.previous ? std::chrono::duration<double>(w.last->at - w.previous->at).count() : 0;
    out.update(summarize_worker(w.last->snapshot, before, dt));
  }
  return out.empty() ? json() : out;
}

}  // namespace sfsup
