#pragma once
// `-l PATH`: the Python framework's TimedRotatingFileHandler, hourly. Lines go
// to exactly PATH; when the hour changes PATH is renamed PATH.YYYY-MM-DD_HH
// (the hour it holds, local time) and a fresh PATH is started; with a backup
// count N > 0 only the N newest rotated files are kept (0 keeps them all).
#include <chrono>
#include <functional>
#include <mutex>
#include <string>

#include <spdlog/details/file_helper.h>
#include <spdlog/sinks/base_sink.h>

namespace sf::detail {

class TimedRotatingFileSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  // Opens (appends to) `path`. `clock` is the time rotation follows; tests
  // pass their own to cross an hour without waiting for one.
  TimedRotatingFileSink(std::string path, int backup_count, Clock clock = std::chrono::system_clock::now);

  // Closes and reopens PATH (SIGHUP: after logrotate moved the file away).
  void reopen();
  const std::string& path() const { return path_; }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override;

 private:
  void open_file();
  void rotate(std::chrono::system_clock::time_point now);
  void delete_old_backups();

  std::string path_;
  int backup_count_;
  Clock clock_;
  spdlog::details::file_helper file_;
  std::chrono::system_clock::time_point hour_start_;  // of the hour PATH holds
};

}  // namespace sf::detail
