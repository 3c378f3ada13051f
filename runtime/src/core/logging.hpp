#pragma once
// Loggers: each service has its own (name, levels, file), and sf::get_logger()
// returns the one of the service whose code runs on this thread; the workflow
// id every line carries is per thread too.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include <spdlog/logger.h>

namespace sf::detail {

// ServiceOptions::max_log_line_bytes's default, also the bound of lines
// logged outside any service.
inline constexpr std::size_t kDefaultMaxLogLineBytes = 16 * 1024;

struct LogSettings {
  std::string service_name;
  std::string console_level = "info";
  std::optional<std::string> file_path;   // exactly this file, rotated hourly keeping `backup_count`
  std::string file_level = "info";
  int backup_count = 24;
  std::size_t max_line_bytes = kDefaultMaxLogLineBytes;  // longer messages are cut, with a marker
};

// A logger writing to stderr and, with a file path, to that file. Services of
// one process that name the same file share it. Throws sf::Error on an unknown
// level name or a file that cannot be opened.
std::shared_ptr<spdlog::logger> make_service_logger(const LogSettings& settings);

// What get_logger() returns on threads that run no service's code (the
// worker sets its one service's logger here).
void set_process_logger(std::shared_ptr<spdlog::logger> logger);

// Closes and reopens every log file of the process (SIGHUP).
void reopen_log_files();

// Makes `logger` what get_logger() returns on this thread for the scope.
class LoggerScope {
 public:
  explicit LoggerScope(std::shared_ptr<spdlog::logger> logger);
  ~LoggerScope();
  LoggerScope(const LoggerScope&) = delete;
  LoggerScope& operator=(const LoggerScope&) = delete;

 private:
  std::shared_ptr<spdlog::logger> previous_;
};

// Sets this thread's workflow id for the lifetime of the scope.
class WorkflowScope {
 public:
  explicit WorkflowScope(const std::string& workflow_id);
  ~WorkflowScope();
  WorkflowScope(const WorkflowScope&) = delete;
  WorkflowScope& operator=(const WorkflowScope&) = delete;

 private:
  std::string previous_;
};

}  // namespace sf::detail
