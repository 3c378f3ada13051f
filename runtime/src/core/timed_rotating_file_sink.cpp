#include "core/timed_rotating_file_sink.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <regex>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include <sf/error.hpp>

namespace sf::detail {
namespace {

namespace fs = std::filesystem;
using TimePoint = std::chrono::system_clock::time_point;

std::tm local_tm(TimePoint t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  localtime_r(&seconds, &tm);
  return tm;
}

TimePoint start_of_hour(TimePoint t) {
  std::tm tm = local_tm(t);
  tm.tm_min = 0;
  tm.tm_sec = 0;
  return std::chrono::system_clock::from_time_t(std::mktime(&tm));
}

// Python's suffix for hourly rotation: PATH.YYYY-MM-DD_HH.
std::string rotated_name(const std::string& path, TimePoint hour) {
  const std::tm tm = local_tm(hour);
  return fmt::format("{}.{:04d}-{:02d}-{:02d}_{:02d}", path, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour);
}

TimePoint modified_time(const fs::path& file) {
  // file_time_type's clock is not system_clock before C++20's clock_cast; go through "now".
  const auto written = fs::last_write_time(file);
  return std::chrono::system_clock::now() +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(written - fs::file_time_type::clock::now());
}

// A log file this process starts is its owner's alone (0600), whatever the
// umask (spdlog's fopen would create it 0666 & ~umask); one that exists
// keeps the mode its owner gave it.
void create_private(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return;  // exists already (or cannot be made: the open below says why)
  ::fchmod(fd, 0600);
  ::close(fd);
}

}  // namespace

TimedRotatingFileSink::TimedRotatingFileSink(std::string path, int backup_count, Clock clock)
    : path_(std::move(path)), backup_count_(std::max(0, backup_count)), clock_(std::move(clock)) {
  open_file();
}

void TimedRotatingFileSink::open_file() {
  try {
    create_private(path_);
    file_.open(path_, false);
  } catch (const spdlog::spdlog_ex& e) {
    throw Error(fmt::format("-l '{}': cannot open the log file ({})", path_, e.what()));
  }
  // As Python does: a file left by an earlier run belongs to the hour it was
  // last written in, so a restart in a later hour rotates it on the first line.
  std::error_code ec;
  const bool has_lines = fs::file_size(path_, ec) > 0 && !ec;
  hour_start_ = start_of_hour(has_lines ? modified_time(path_) : clock_());
}

void TimedRotatingFileSink::reopen() {
  std::lock_guard lock(mutex_);
  file_.close();
  open_file();
}

void TimedRotatingFileSink::sink_it_(const spdlog::details::log_msg& msg) {
  const TimePoint now = clock_();
  if (start_of_hour(now) != hour_start_) rotate(now);
  spdlog::memory_buf_t formatted;
  formatter_->format(msg, formatted);
  file_.write(formatted);
}

void TimedRotatingFileSink::flush_() { file_.flush(); }

void TimedRotatingFileSink::rotate(TimePoint now) {
  file_.close();
  const std::string target = rotated_name(path_, hour_start_);
  std::error_code ec;
  fs::remove(target, ec);  // Python replaces a file of the same name too
  fs::rename(path_, target, ec);
  // Appending: PATH is new after the rename, and one that failed keeps its lines.
  create_private(path_);
  file_.open(path_, false);
  hour_start_ = start_of_hour(now);
  delete_old_backups();
}

void TimedRotatingFileSink::delete_old_backups() {
  if (backup_count_ == 0) return;
  const fs::path live(path_);
  const fs::path dir = live.has_parent_path() ? live.parent_path() : fs::path(".");
  const std::string prefix = live.filename().string() + ".";
  static const std::regex kSuffix(R"(\d{4}-\d{2}-\d{2}_\d{2})");
  std::vector<fs::path> backups;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
        std::regex_match(name.substr(prefix.size()), kSuffix)) {
      backups.push_back(entry.path());
    }
  }
  if (backups.size() <= static_cast<std::size_t>(backup_count_)) return;
  // The suffix sorts by time: drop the oldest.
  std::sort(backups.begin(), backups.end());
  for (std::size_t i = 0; i + backup_count_ < backups.size(); ++i) fs::remove(backups[i], ec);
}

}  // namespace sf::detail
