#pragma once
// `sfsup top`'s frame: one row per service with its live figures, built from
// `status` with metrics (control_server.cpp, metrics_summary.hpp).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sfsup {

// The keys --sort takes: name, state, cpu, rss, in, out, errors, p50, p99, restarts.
const std::vector<std::string>& top_sort_keys();
// Columns: SERVICE STATE CPU% RSS IN/s OUT/s ERR/s P50 P99 RESTARTS; "-"
// where there is no figure (a stopped service, no handler call in the last
// second). Numbers sort largest first, name and state alphabetically.
// nullopt when `sort_key` is not one of top_sort_keys().
std::optional<std::string> format_top_table(const nlohmann::json& status, const std::string& sort_key);

// 7us, 1.2ms, 3.40s
std::string latency_text(double micros);

}  // namespace sfsup
