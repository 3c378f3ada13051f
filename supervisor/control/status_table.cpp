#include "control/status_table.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "supervision/duration_text.hpp"

namespace sfsup {

using nlohmann::json;

namespace {

std::string text_or_dash(const json& j) {
  if (j.is_null()) return "-";
  if (j.is_string()) return j.get<std::string>();
  return j.dump();
}

struct Row {
  std::vector<std::string> cells;
  std::vector<std::string> more_endpoints;
  std::string detail;
};

}  // namespace

std::string format_status_table(const json& status) {
  const std::vector<std::string> header{"SERVICE", "STATE", "PID", "UPTIME", "RESTARTS",
                                        "LAST EXIT", "ENDPOINTS"};
  std::vector<Row> rows;
  const json services = status.value("services", json::array());
  for (const auto& s : services) {
    Row row;
    const json uptime = s.value("uptime_s", json());
    std::vector<std::string> endpoints;
    const json endpoint_map = s.value("endpoints", json::object());  // items() needs it alive
    for (const auto& [name, address] : endpoint_map.items())
      endpoints.push_back(fmt::format("{} {}", name, text_or_dash(address)));
    row.cells = {
        s.value("name", "?"),
        s.value("state", "?"),
        text_or_dash(s.value("pid", json())),
        uptime.is_number() ? format_uptime(std::chrono::seconds(uptime.get<long long>())) : "-",
        std::to_string(s.value("restarts", 0)),
        text_or_dash(s.value("last_exit", json())),
        endpoints.empty() ? "-" : endpoints.front(),
    };
    if (endpoints.size() > 1) row.more_endpoints.assign(endpoints.begin() + 1, endpoints.end());
    const std::string state = s.value("state", "");
    if (state != "ready") row.detail = s.value("detail", "");
    rows.push_back(std::move(row));
  }

  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& r : rows) width[c] = std::max(width[c], r.cells[c].size());
  }
  std::size_t endpoint_column = 0;
  for (std::size_t c = 0; c + 1 < header.size(); ++c) endpoint_column += width[c] + 2;

  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t c = 0; c < cells.size(); ++c)
      out += c + 1 < cells.size() ? fmt::format("{:<{}}  ", cells[c], width[c]) : cells[c];
    return out + "\n";
  };

  std::string out;
  if (status.contains("topology"))
    out += fmt::format("topology {} (run dir {}, sfsup pid {}{})\n",
                       status.value("topology", "?"), status.value("run_dir", "?"),
                       text_or_dash(status.value("supervisor_pid", json())),
                       status.value("shutting_down", false) ? ", shutting down" : "");
  out += line(header);
  for (const auto& r : rows) {
    out += line(r.cells);
    for (const auto& e : r.more_endpoints) out += fmt::format("{:{}}{}\n", "", endpoint_column, e);
    if (!r.detail.empty()) out += fmt::format("{:{}}{}\n", "", width[0] + 2, r.detail);
  }
  return out;
}

}  // namespace sfsup
