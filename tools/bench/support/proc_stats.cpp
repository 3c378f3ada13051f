#include "support/proc_stats.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace sfbench {
namespace {

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Fields 14 and 15 of /proc/<pid>/stat. The command name (field 2) may hold
// spaces and parentheses, so count from the last ')'.
double cpu_seconds(pid_t pid) {
  const std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  std::istringstream fields(stat.substr(stat.rfind(')') + 1));
  std::vector<std::string> after_name;  // [0] is field 3 (state)
  for (std::string f; fields >> f && after_name.size() < 13;) after_name.push_back(f);
  if (after_name.size() < 13) throw std::runtime_error("unexpected /proc/<pid>/stat layout");
  const double ticks = std::stod(after_name[11]) + std::stod(after_name[12]);
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

long context_switches(pid_t pid) {
  long total = 0;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream status(task.path() / "status");
    for (std::string line; std::getline(status, line);) {
      if (line.find("ctxt_switches:") != std::string::npos) {
        total += std::stol(line.substr(line.find(':') + 1));
      }
    }
  }
  return total;
}

}  // namespace

ProcSample sample_process(pid_t pid) {
  ProcSample s;
  s.at = std::chrono::steady_clock::now();
  s.cpu_seconds = cpu_seconds(pid);
  s.context_switches = context_switches(pid);
  return s;
}

IdleUse idle_use(const ProcSample& from, const ProcSample& to) {
  const double wall = std::chrono::duration<double>(to.at - from.at).count();
  if (wall <= 0) return {};
  return {100.0 * (to.cpu_seconds - from.cpu_seconds) / wall,
          static_cast<double>(to.context_switches - from.context_switches) / wall};
}

}  // namespace sfbench
