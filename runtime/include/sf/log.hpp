#pragma once
// The seed's get_logger(): the logger of the service whose code runs on this
// thread (its name, levels and -l file), whose every line carries the
// workflow id of the message being handled ("-" outside one). On a thread that
// runs no service's code, the process's logger (the worker's one service).
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace sf {

std::shared_ptr<spdlog::logger> get_logger();

// The workflow id logged with lines from this thread right now.
const std::string& current_workflow_id();

}  // namespace sf
