#include "support/outside_view.hpp"

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

namespace sfbench {
namespace {

using Clock = std::chrono::steady_clock;

// Between sweeps: polling from outside is the point (no readiness channel is
// shared by the supervisors compared); 1 ms keeps the prober's CPU small.
constexpr auto kSweepPause = std::chrono::milliseconds(1);

double seconds_since(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// A zombie has exited: here pid 1 reaps orphans only now and then, which
// would otherwise count as the supervisor's own shutdown time.
bool alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return false;
  const auto close = text.rfind(')');
  return close == std::string::npos || close + 2 >= text.size() || text[close + 2] != 'Z';
}

// The NUL-separated command line of `pid`; empty once it is gone.
std::string cmdline(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/cmdline");
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

}  // namespace

bool accepts(const std::filesystem::path& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string text = path.string();
  if (text.size() >= sizeof address.sun_path) return false;
  std::memcpy(address.sun_path, text.c_str(), text.size() + 1);
  // Non-blocking: a full backlog (EAGAIN) still means a live listener, and
  // the prober never blocks on one.
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return false;
  const bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 || errno == EAGAIN;
  ::close(fd);
  return ok;
}

double wait_all_accept(const std::vector<std::filesystem::path>& sockets, Clock::time_point since,
                       std::chrono::seconds limit) {
  std::vector<std::filesystem::path> waiting = sockets;
  while (!waiting.empty()) {
    std::erase_if(waiting, [](const auto& path) { return accepts(path); });
    if (waiting.empty()) break;
    if (Clock::now() - since > limit) return -1;
    std::this_thread::sleep_for(kSweepPause);
  }
  return seconds_since(since);
}

double kill_and_wait_rebound(pid_t supervisor, pid_t victim, const std::filesystem::path& path,
                             std::chrono::seconds limit) {
  const std::string command = cmdline(victim);
  if (command.empty()) return -1;
  const auto since = Clock::now();
  ::kill(victim, SIGKILL);
  // Between fork and exec the replacement still shows the supervisor's own
  // command line, so it is recognised by its command once exec is done.
  auto replacement = [&] {
    for (pid_t child : children_of(supervisor)) {
      if (child != victim && cmdline(child) == command) return child;
    }
    return pid_t{0};
  };
  while (replacement() == 0) {
    if (Clock::now() - since > limit) return -1;
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  while (!accepts(path)) {
    if (Clock::now() - since > limit) return -1;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return seconds_since(since);
}

double wait_all_gone(const std::vector<pid_t>& pids, Clock::time_point since, std::chrono::seconds limit) {
  for (pid_t pid : pids) {
    while (alive(pid)) {
      if (Clock::now() - since > limit) return -1;
      std::this_thread::sleep_for(kSweepPause);
    }
  }
  return seconds_since(since);
}

long rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

long open_fds(pid_t pid) {
  std::error_code error;
  long n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", error);
       !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    ++n;
  }
  return n;
}

std::vector<pid_t> children_of(pid_t pid) {
  std::vector<pid_t> out;
  std::error_code error;
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
  for (auto it = std::filesystem::directory_iterator(tasks, error);
       !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    std::ifstream children(it->path() / "children");
    pid_t child;
    while (children >> child) out.push_back(child);
  }
  return out;
}

std::string command_output(const std::string& command) {
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    ::pclose(pipe);
  }
  return out;
}

}  // namespace sfbench
