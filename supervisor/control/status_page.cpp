#include "control/status_page.hpp"

#include <fmt/format.h>

#include "control/top_table.hpp"

namespace sfsup {

using nlohmann::json;

namespace {

std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string figure(const json& metrics, const char* key, const char* format_kind) {
  if (!metrics.is_object()) return "-";
  auto it = metrics.find(key);
  if (it == metrics.end() || !it->is_number()) return "-";
  const double v = it->get<double>();
  const std::string_view kind = format_kind;
  if (kind == "rss") return fmt::format("{:.1f}M", v / (1024.0 * 1024.0));
  if (kind == "latency") return latency_text(v);
  return fmt::format("{:.1f}", v);
}

constexpr std::string_view kStyle =
    "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
    "th,td{padding:.25em .8em;text-align:right;border-bottom:1px solid #ddd}"
    "th:first-child,td:first-child,td.state{text-align:left}"
    "tr.ready td.state{color:#080}tr.fatal td.state,tr.exited td.state{color:#b00}"
    "pre{margin:0 0 .8em 1em;font-size:.85em;color:#444;white-space:pre-wrap}";

}  // namespace

std::string status_page_html(const json& status) {
  const std::string topology = escape(status.value("topology", "?"));
  std::string rows;
  const json services = status.value("services", json::array());
  for (const auto& s : services) {
    const std::string name = escape(s.value("name", "?"));
    const std::string state = escape(s.value("state", "?"));
    const json m = s.value("metrics", json());
    rows += fmt::format(
        "<tr id=\"service-{0}\" class=\"service {1}\"><td class=\"name\">{0}</td><td class=\"state\">{1}</td>"
        "<td>{2}</td><td>{3}</td><td>{4}</td><td>{5}</td><td>{6}</td><td>{7}</td><td>{8}</td><td>{9}</td></tr>\n",
        name, state, figure(m, "cpu_percent", ""), figure(m, "rss_bytes", "rss"),
        figure(m, "messages_in_per_s", ""), figure(m, "messages_out_per_s", ""), figure(m, "errors_per_s", ""),
        figure(m, "latency_p50_us", "latency"), figure(m, "latency_p99_us", "latency"), s.value("restarts", 0));
    std::string tail;
    for (const auto& line : s.value("log_tail", json::array()))
      if (line.is_string()) tail += escape(line.get<std::string>()) + "\n";
    rows += fmt::format("<tr class=\"log\"><td colspan=\"10\"><pre>{}</pre></td></tr>\n",
                        tail.empty() ? "(no output yet)" : tail);
  }
  return fmt::format(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"refresh\" content=\"2\"><title>{0} - sfsup</title><style>{1}</style></head>\n"
      "<body><h1>{0}</h1><p>{2} services; figures over the last second; "
      "<a href=\"/metrics\">Prometheus metrics</a></p>\n"
      "<table><thead><tr><th>service</th><th>state</th><th>CPU%</th><th>RSS</th><th>in/s</th><th>out/s</th>"
      "<th>errors/s</th><th>p50</th><th>p99</th><th>restarts</th></tr></thead><tbody>\n{3}</tbody></table>"
      "</body></html>\n",
      topology, kStyle, services.size(), rows);
}

}  // namespace sfsup
