#include "core/logging.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <sf/error.hpp>
#include <sf/log.hpp>

#include "core/log_levels.hpp"
#include "core/timed_rotating_file_sink.hpp"
#include "core/truncating_formatter.hpp"

namespace sf {
namespace {

thread_local std::string t_workflow_id = "-";
thread_local std::shared_ptr<spdlog::logger> t_service_logger;

// %W in the pattern: the workflow id of the message being handled.
class WorkflowFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
    dest.append(t_workflow_id.data(), t_workflow_id.data() + t_workflow_id.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<WorkflowFlag>();
  }
};

constexpr const char* kPattern = "%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] [%W] %v";

std::unique_ptr<spdlog::formatter> make_formatter(std::size_t max_line_bytes) {
  auto f = std::make_unique<spdlog::pattern_formatter>();
  f->add_flag<WorkflowFlag>('W').set_pattern(kPattern);
  return std::make_unique<detail::TruncatingFormatter>(std::move(f), max_line_bytes);
}

std::mutex g_mutex;
std::shared_ptr<spdlog::logger> g_process_logger;
// One sink per log file, shared by every service naming it, so two services
// never rotate the same file under each other.
std::map<std::string, std::weak_ptr<detail::TimedRotatingFileSink>> g_files;

// A shared file keeps the bound of the service that opened it first.
std::shared_ptr<detail::TimedRotatingFileSink> file_sink_for(const std::string& path, int backup_count,
                                                             std::size_t max_line_bytes) {
  const std::string key = std::filesystem::absolute(path).lexically_normal().string();
  std::lock_guard lock(g_mutex);
  if (auto existing = g_files[key].lock()) return existing;
  auto sink = std::make_shared<detail::TimedRotatingFileSink>(path, backup_count);
  sink->set_formatter(make_formatter(max_line_bytes));
  g_files[key] = sink;
  return sink;
}

}  // namespace

std::shared_ptr<spdlog::logger> get_logger() {
  if (t_service_logger) return t_service_logger;
  std::lock_guard lock(g_mutex);
  if (!g_process_logger) {
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    sink->set_formatter(make_formatter(detail::kDefaultMaxLogLineBytes));
    g_process_logger = std::make_shared<spdlog::logger>("service", sink);
    g_process_logger->set_level(spdlog::level::info);
  }
  return g_process_logger;
}

const std::string& current_workflow_id() { return t_workflow_id; }

namespace detail {

std::shared_ptr<spdlog::logger> make_service_logger(const LogSettings& settings) {
  std::vector<spdlog::sink_ptr> sinks;
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  console->set_level(parse_log_level(settings.console_level, "-cl"));
  console->set_formatter(make_formatter(settings.max_line_bytes));
  sinks.push_back(console);
  auto lowest = console->level();
  if (settings.file_path) {
    const auto file_level = parse_log_level(settings.file_level, "-f");
    // The file is shared; this service's file level is a filter in front of it.
    auto filter = std::make_shared<spdlog::sinks::dist_sink_mt>();
    filter->add_sink(file_sink_for(*settings.file_path, settings.backup_count, settings.max_line_bytes));
    filter->set_level(file_level);
    sinks.push_back(filter);
    lowest = std::min(lowest, file_level);
  }
  auto logger = std::make_shared<spdlog::logger>(
      settings.service_name.empty() ? "service" : settings.service_name, sinks.begin(), sinks.end());
  logger->set_level(lowest);
  logger->flush_on(spdlog::level::info);
  return logger;
}

void set_process_logger(std::shared_ptr<spdlog::logger> logger) {
  std::lock_guard lock(g_mutex);
  g_process_logger = std::move(logger);
}

void reopen_log_files() {
  std::vector<std::shared_ptr<TimedRotatingFileSink>> open;
  {
    std::lock_guard lock(g_mutex);
    for (auto& [path, weak] : g_files) {
      if (auto sink = weak.lock()) open.push_back(std::move(sink));
    }
  }
  for (auto& sink : open) sink->reopen();
}

LoggerScope::LoggerScope(std::shared_ptr<spdlog::logger> logger) : previous_(std::move(t_service_logger)) {
  t_service_logger = std::move(logger);
}

LoggerScope::~LoggerScope() { t_service_logger = std::move(previous_); }

WorkflowScope::WorkflowScope(const std::string& workflow_id) : previous_(std::move(t_workflow_id)) {
  t_workflow_id = workflow_id;
}

WorkflowScope::~WorkflowScope() { t_workflow_id = std::move(previous_); }

}  // namespace detail
}  // namespace sf
