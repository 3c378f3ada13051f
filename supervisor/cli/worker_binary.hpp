#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace sfsup::cli {

// The service_framework binary: --worker, else $SF_WORKER, else the one next
// to sfsup itself (/proc/self/exe), as the build and an install lay them out.
// Throws std::runtime_error with one line (where we looked, how to fix) when
// it is not an executable file.
std::filesystem::path find_worker_binary(const std::optional<std::string>& flag);

}  // namespace sfsup::cli
