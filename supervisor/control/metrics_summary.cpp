#include "control/metrics_summary.hpp"

#include <algorithm>
#include <cstdint>

namespace sfsup {

using nlohmann::json;

std::optional<double> histogram_quantile(const std::vector<double>& upper, const std::vector<double>& counts,
                                         double q) {
  double total = 0;
  for (double c : counts) total += c;
  if (total <= 0) return std::nullopt;
  const double rank = q * total;
  double seen = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] <= 0) continue;
    if (seen + counts[i] >= rank) {
      if (i >= upper.size()) return upper.empty() ? 0.0 : upper.back();  // above the last bound
      const double low = i == 0 ? 0.0 : upper[i - 1];
      return low + (upper[i] - low) * std::clamp((rank - seen) / counts[i], 0.0, 1.0);
    }
    seen += counts[i];
  }
  return upper.empty() ? 0.0 : upper.back();
}

namespace {

double number(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

struct Totals {
  double in = 0, out = 0, errors = 0, bytes_in = 0, bytes_out = 0;
  std::vector<double> latency;  // summed bucket counts of every endpoint
};

Totals totals_of(const json& snapshot) {
  Totals t;
  const json endpoints = snapshot.value("endpoints", json::array());  // alive while iterated
  for (const auto& e : endpoints) {
    t.in += number(e, "messages_in");
    t.out += number(e, "messages_out");
    t.bytes_in += number(e, "bytes_in");
    t.bytes_out += number(e, "bytes_out");
    const json errors = e.value("errors", json::object());
    for (const auto& [kind, n] : errors.items())
      if (n.is_number()) t.errors += n.get<double>();
    const json counts = e.value("latency", json::object()).value("counts", json::array());
    if (t.latency.size() < counts.size()) t.latency.resize(counts.size());
    for (std::size_t i = 0; i < counts.size(); ++i)
      if (counts[i].is_number()) t.latency[i] += counts[i].get<double>();
  }
  return t;
}

json or_null(std::optional<double> v) { return v ? json(*v) : json(); }

}  // namespace

json summarize_worker(const json& now, const json* before, double seconds) {
  const Totals t = totals_of(now);
  auto whole = [](double n) { return static_cast<std::uint64_t>(n); };
  json out = {{"messages_in", whole(t.in)},       {"messages_out", whole(t.out)},   {"errors", whole(t.errors)},
              {"bytes_in", whole(t.bytes_in)},    {"bytes_out", whole(t.bytes_out)},       {"endpoints", now.value("endpoints", json::array())},
              {"latency_buckets_us", now.value("latency_buckets_us", json::array())}};
  std::vector<double> upper;
  for (const auto& b : out["latency_buckets_us"])
    if (b.is_number()) upper.push_back(b.get<double>());
  if (before == nullptr || seconds <= 0) {
    for (const char* key : {"messages_in_per_s", "messages_out_per_s", "errors_per_s", "latency_p50_us", "latency_p99_us"})
      out[key] = nullptr;
    return out;
  }
  const Totals b = totals_of(*before);
  // A counter that went down means a new worker: the rate is its total since.
  auto rate = [&](double n, double was) { return (n >= was ? n - was : n) / seconds; };
  out["messages_in_per_s"] = rate(t.in, b.in);
  out["messages_out_per_s"] = rate(t.out, b.out);
  out["errors_per_s"] = rate(t.errors, b.errors);
  std::vector<double> recent = t.latency;
  for (std::size_t i = 0; i < recent.size() && i < b.latency.size(); ++i)
    recent[i] = std::max(0.0, recent[i] - b.latency[i]);
  out["latency_p50_us"] = or_null(histogram_quantile(upper, recent, 0.50));
  out["latency_p99_us"] = or_null(histogram_quantile(upper, recent, 0.99));
  return out;
}

}  // namespace sfsup
