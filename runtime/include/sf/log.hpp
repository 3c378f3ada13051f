#pragma once
// The seed's get_logger(): one spdlog logger per process, whose every line
// carries the workflow id of the message being handled ("-" outside one).
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace sf {

std::shared_ptr<spdlog::logger> get_logger();

// The workflow id logged with lines from this thread right now.
const std::string& current_workflow_id();

}  // namespace sf
