#include "cli/worker_binary.hpp"

#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>

namespace sfsup::cli {

std::filesystem::path find_worker_binary(const std::optional<std::string>& flag) {
  std::filesystem::path path;
  std::string source;
  if (flag && !flag->empty()) {
    path = *flag;
    source = "--worker";
  } else if (const char* env = std::getenv("SF_WORKER"); env && *env) {
    path = env;
    source = "SF_WORKER";
  } else {
    std::error_code ec;
    auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    path = (ec ? std::filesystem::path(".") : self.parent_path()) / "service_framework";
    source = "next to sfsup";
  }
  path = std::filesystem::absolute(path);
  if (::access(path.c_str(), X_OK) != 0)
    throw std::runtime_error(fmt::format(
        "the worker binary {} ({}) is not an executable file; build it, or pass --worker PATH "
        "or set SF_WORKER",
        path.string(), source));
  return path;
}

}  // namespace sfsup::cli
