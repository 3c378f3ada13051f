#pragma once
// The process logger (sf::get_logger) and the workflow id every line carries.
#include <optional>
#include <string>

namespace sf::detail {

struct LogSettings {
  std::string service_name;
  std::string console_level = "info";
  std::optional<std::string> file_path;   // hourly files, keeping `backup_count`
  std::string file_level = "info";
  int backup_count = 24;
};

// Throws sf::Error on an unknown level name (listing the valid ones).
void configure_logging(const LogSettings& settings);

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
