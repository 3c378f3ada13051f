#include "control/top_table.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace sfsup {

using nlohmann::json;

namespace {

struct Column {
  const char* header;
  const char* sort_key;
  const char* metric;  // key in the service's "metrics", or null: from the service itself
};

constexpr Column kColumns[] = {
    {"SERVICE", "name", nullptr},          {"STATE", "state", nullptr},
    {"CPU%", "cpu", "cpu_percent"},        {"RSS", "rss", "rss_bytes"},
    {"IN/s", "in", "messages_in_per_s"},   {"OUT/s", "out", "messages_out_per_s"},
    {"ERR/s", "errors", "errors_per_s"},   {"P50", "p50", "latency_p50_us"},
    {"P99", "p99", "latency_p99_us"},      {"RESTARTS", "restarts", nullptr},
};

std::optional<double> figure(const json& service, const Column& c) {
  if (std::string_view(c.sort_key) == "restarts") return service.value("restarts", 0);
  if (c.metric == nullptr) return std::nullopt;
  const json metrics = service.value("metrics", json());
  if (!metrics.is_object()) return std::nullopt;
  auto it = metrics.find(c.metric);
  if (it == metrics.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::string cell(const json& service, const Column& c) {
  const std::string_view key = c.sort_key;
  if (key == "name") return service.value("name", "?");
  if (key == "state") return service.value("state", "?");
  const auto v = figure(service, c);
  if (!v) return "-";
  if (key == "restarts") return fmt::format("{}", static_cast<long long>(*v));
  if (key == "rss") return fmt::format("{:.1f}M", *v / (1024.0 * 1024.0));
  if (key == "p50" || key == "p99") return latency_text(*v);
  return fmt::format("{:.1f}", *v);
}

}  // namespace

std::string latency_text(double micros) {
  if (micros < 1000) return fmt::format("{:.0f}us", micros);
  if (micros < 1'000'000) return fmt::format("{:.1f}ms", micros / 1000);
  return fmt::format("{:.2f}s", micros / 1'000'000);
}

const std::vector<std::string>& top_sort_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k;
    for (const auto& c : kColumns) k.push_back(c.sort_key);
    return k;
  }();
  return keys;
}

std::optional<std::string> format_top_table(const json& status, const std::string& sort_key) {
  const Column* by = nullptr;
  for (const auto& c : kColumns)
    if (sort_key == c.sort_key) by = &c;
  if (by == nullptr) return std::nullopt;

  std::vector<json> services;
  for (const auto& s : status.value("services", json::array())) services.push_back(s);
  std::stable_sort(services.begin(), services.end(), [&](const json& a, const json& b) {
    if (by->metric == nullptr && std::string_view(by->sort_key) != "restarts") return cell(a, *by) < cell(b, *by);
    // Largest first; a service without the figure goes last.
    return figure(a, *by).value_or(-1) > figure(b, *by).value_or(-1);
  });

  std::vector<std::vector<std::string>> rows;
  rows.emplace_back();
  for (const auto& c : kColumns) rows.back().push_back(c.header);
  for (const auto& s : services) {
    rows.emplace_back();
    for (const auto& c : kColumns) rows.back().push_back(cell(s, c));
  }
  std::vector<std::size_t> width(std::size(kColumns), 0);
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) {
      // Names and states read left to right, figures line up on the right.
      if (i < 2) line += fmt::format("{:<{}}  ", r[i], width[i]);
      else line += fmt::format("{:>{}}  ", r[i], width[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace sfsup
