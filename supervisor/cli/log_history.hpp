#pragma once
// `sfsup logs` without -f, and the part -f prints first: the services' log
// files read whole, each line given a time (its own timestamp, else the one
// before it in the same file), filtered by --since and --tail, and merged
// across services by time like `docker compose logs`.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sfsup::cli {

using LogClock = std::chrono::system_clock;

struct LogLine {
  std::string service;
  std::string text;
  std::optional<LogClock::time_point> time;  // nullopt: before any timestamped line
};

// The time a line starts with: a worker's "2026-11-28 03:56:22.614 ..." or
// sfsup's "[sfsup 2026-11-28 03:56:22] ...", local time.
std::optional<LogClock::time_point> line_time(std::string_view line);

// "30s", "10m", "2h", "1d" (a bare number is seconds). nullopt when not one.
std::optional<std::chrono::seconds> parse_since(std::string_view text);

struct HistoryFilter {
  std::optional<std::size_t> tail;           // last N lines of each service
  std::optional<LogClock::time_point> since; // lines at or after this time
};

// One service's lines in file order: the text of its rotated files (oldest
// first), then `current` (the current file's complete lines). The caller
// reads the files (through the log folder's PrivateDir) and continues from
// there with -f.
std::vector<LogLine> read_service_log(const std::string& service, const std::vector<std::string>& rotated,
                                      std::string_view current);

std::vector<LogLine> filter_lines(std::vector<LogLine> lines, const HistoryFilter& filter);

// Merges per-service sequences by time, keeping each service's own order.
std::vector<LogLine> merge_by_time(std::vector<std::vector<LogLine>> per_service);

}  // namespace sfsup::cli
