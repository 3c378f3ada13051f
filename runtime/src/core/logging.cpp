#include "core/logging.hpp"

#include <memory>
#include <mutex>
#include <vector>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/hourly_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <sf/error.hpp>
#include <sf/log.hpp>

namespace sf {
namespace {

thread_local std::string t_workflow_id = "-";

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

std::unique_ptr<spdlog::formatter> make_formatter() {
  auto f = std::make_unique<spdlog::pattern_formatter>();
  f->add_flag<WorkflowFlag>('W').set_pattern(kPattern);
  return f;
}

spdlog::level::level_enum parse_level(const std::string& name, const char* option) {
  auto level = spdlog::level::from_str(name);
  // from_str maps anything unknown to "off"; only accept "off" when asked for.
  if (level == spdlog::level::off && name != "off") {
    throw Error(fmt::format("{} '{}': unknown log level (use trace, debug, info, warning, error, "
                            "critical or off)",
                            option, name));
  }
  return level;
}

std::mutex g_mutex;
std::shared_ptr<spdlog::logger> g_logger;

}  // namespace

std::shared_ptr<spdlog::logger> get_logger() {
  std::lock_guard lock(g_mutex);
  if (!g_logger) {
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    sink->set_formatter(make_formatter());
    g_logger = std::make_shared<spdlog::logger>("service", sink);
    g_logger->set_level(spdlog::level::info);
  }
  return g_logger;
}

const std::string& current_workflow_id() { return t_workflow_id; }

namespace detail {

void configure_logging(const LogSettings& settings) {
  std::vector<spdlog::sink_ptr> sinks;
  auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  console->set_level(parse_level(settings.console_level, "-cl"));
  console->set_formatter(make_formatter());
  sinks.push_back(console);
  auto lowest = console->level();
  if (settings.file_path) {
    auto file = std::make_shared<spdlog::sinks::hourly_file_sink_mt>(
        *settings.file_path, false, static_cast<uint16_t>(std::max(0, settings.backup_count)));
    file->set_level(parse_level(settings.file_level, "-f"));
    file->set_formatter(make_formatter());
    sinks.push_back(file);
    lowest = std::min(lowest, file->level());
  }
  auto logger = std::make_shared<spdlog::logger>(
      settings.service_name.empty() ? "service" : settings.service_name, sinks.begin(), sinks.end());
  logger->set_level(lowest);
  logger->flush_on(spdlog::level::info);
  std::lock_guard lock(g_mutex);
  g_logger = std::move(logger);
}

WorkflowScope::WorkflowScope(const std::string& workflow_id) : previous_(std::move(t_workflow_id)) {
  t_workflow_id = workflow_id;
}

WorkflowScope::~WorkflowScope() { t_workflow_id = std::move(previous_); }

}  // namespace detail
}  // namespace sf
