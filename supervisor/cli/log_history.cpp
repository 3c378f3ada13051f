#include "cli/log_history.hpp"

#include <charconv>
#include <ctime>

namespace sfsup::cli {

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  return std::from_chars(s.data() + at, s.data() + at + n, out).ptr == s.data() + at + n;
}

// "YYYY-MM-DD HH:MM:SS" at `at`, optionally ".mmm".
std::optional<LogClock::time_point> stamp_at(std::string_view s, std::size_t at) {
  std::tm tm{};
  int year, month, day, hour, minute, second;
  if (!digits(s, at, 4, year) || s.size() < at + 19 || s[at + 4] != '-' || !digits(s, at + 5, 2, month) ||
      s[at + 7] != '-' || !digits(s, at + 8, 2, day) || (s[at + 10] != ' ' && s[at + 10] != 'T') ||
      !digits(s, at + 11, 2, hour) || s[at + 13] != ':' || !digits(s, at + 14, 2, minute) ||
      s[at + 16] != ':' || !digits(s, at + 17, 2, second))
    return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  tm.tm_isdst = -1;
  const std::time_t t = std::mktime(&tm);
  if (t == -1) return std::nullopt;
  auto time = LogClock::from_time_t(t);
  int millis = 0;
  if (s.size() >= at + 23 && s[at + 19] == '.' && digits(s, at + 20, 3, millis))
    time += std::chrono::milliseconds(millis);
  return time;
}

}  // namespace

std::optional<LogClock::time_point> line_time(std::string_view line) {
  constexpr std::string_view note = "[sfsup ";
  if (line.starts_with(note)) return stamp_at(line, note.size());
  return stamp_at(line, 0);
}

std::optional<std::chrono::seconds> parse_since(std::string_view text) {
  if (text.empty()) return std::nullopt;
  long long n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || n < 0) return std::nullopt;
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  if (unit.empty() || unit == "s") return std::chrono::seconds(n);
  if (unit == "m") return std::chrono::seconds(n * 60);
  if (unit == "h") return std::chrono::seconds(n * 3600);
  if (unit == "d") return std::chrono::seconds(n * 86400);
  return std::nullopt;
}

std::vector<LogLine> read_service_log(const std::string& service, const std::vector<std::string>& rotated,
                                      std::string_view current) {
  std::vector<LogLine> lines;
  std::optional<LogClock::time_point> last;
  auto add_lines = [&](std::string_view text, bool with_last_partial) {
    std::size_t at = 0;
    for (std::size_t newline; (newline = text.find('\n', at)) != std::string_view::npos; at = newline + 1) {
      std::string line(text.substr(at, newline - at));
      if (auto t = line_time(line)) last = t;
      lines.push_back({service, std::move(line), last});
    }
    if (with_last_partial && at < text.size()) {
      std::string line(text.substr(at));
      if (auto t = line_time(line)) last = t;
      lines.push_back({service, std::move(line), last});
    }
  };
  // A rotated file is complete: a last line without its newline is a line too.
  for (const auto& text : rotated) add_lines(text, true);
  add_lines(current, false);
  return lines;
}

std::vector<LogLine> filter_lines(std::vector<LogLine> lines, const HistoryFilter& filter) {
  if (filter.since) {
    std::vector<LogLine> kept;
    for (auto& line : lines)
      if (line.time && *line.time >= *filter.since) kept.push_back(std::move(line));
    lines = std::move(kept);
  }
  if (filter.tail && lines.size() > *filter.tail)
    lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(*filter.tail));
  return lines;
}

std::vector<LogLine> merge_by_time(std::vector<std::vector<LogLine>> per_service) {
  std::vector<LogLine> out;
  std::vector<std::size_t> next(per_service.size(), 0);
  for (;;) {
    // The earliest head; untimed lines (before any timestamp) count as earliest,
    // ties go to the service listed first.
    std::optional<std::size_t> pick;
    for (std::size_t i = 0; i < per_service.size(); ++i) {
      if (next[i] >= per_service[i].size()) continue;
      if (!pick) {
        pick = i;
        continue;
      }
      const auto& a = per_service[i][next[i]].time;
      const auto& b = per_service[*pick][next[*pick]].time;
      if (a.value_or(LogClock::time_point::min()) < b.value_or(LogClock::time_point::min())) pick = i;
    }
    if (!pick) return out;
    out.push_back(std::move(per_service[*pick][next[*pick]++]));
  }
}

}  // namespace sfsup::cli
