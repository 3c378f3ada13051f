// describe_with_worker(): asks the worker binary itself what a plugin
// declares, so sfsup never dlopens service code into the supervisor.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

#include "planning/plan_topology.hpp"

extern char** environ;

namespace sfsup {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A plugin whose static initialisers hang must not hang `sfsup check`.
constexpr auto kDescribeTimeout = std::chrono::seconds(20);

struct Pipe {
  int read = -1;
  int write = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
    read = fds[0];
    write = fds[1];
  }
  ~Pipe() {
    if (read >= 0) ::close(read);
    if (write >= 0) ::close(write);
  }
  void close_write() {
    ::close(write);
    write = -1;
  }
};

struct Output {
  std::string out;
  std::string err;
  int status = 0;
  bool timed_out = false;
};

Output run_describe(const fs::path& worker, const fs::path& plugin) {
  Pipe out_pipe;
  Pipe err_pipe;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe.write, 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe.write, 2);
  // --sf-describe: a plugin may declare a config key `describe`, which --describe would set.
  std::vector<std::string> args = {worker.string(), "--sf-describe", "-s", plugin.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw std::runtime_error(fmt::format("cannot run worker {}: {}", worker.string(),
                                         std::error_code(rc, std::generic_category()).message()));
  }
  out_pipe.close_write();
  err_pipe.close_write();

  Output result;
  const auto deadline = Clock::now() + kDescribeTimeout;
  pollfd fds[2] = {{out_pipe.read, POLLIN, 0}, {err_pipe.read, POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  while (open_fds > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    const int n = ::poll(fds, 2, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[4096];
      const ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
      if (got > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        fds[i].fd = -1;  // poll ignores negative fds
        --open_fds;
      }
    }
  }
  while (::waitpid(pid, &result.status, 0) < 0 && errno == EINTR) {
  }
  return result;
}

// The worker's stderr as one line: its last non-empty lines, joined.
std::string one_line(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) lines.push_back(line);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  std::string out;
  for (std::size_t i = lines.size() > 3 ? lines.size() - 3 : 0; i < lines.size(); ++i) {
    if (!out.empty()) out += " | ";
    out += lines[i];
  }
  if (out.size() > 400) out = "..." + out.substr(out.size() - 400);
  return out;
}

nlohmann::json describe_once(const fs::path& worker, const fs::path& plugin) {
  std::error_code ec;
  if (!fs::is_regular_file(worker, ec) || ::access(worker.c_str(), X_OK) != 0) {
    throw std::runtime_error(fmt::format("worker {} is not an executable file (build it, or pass "
                                         "the right one)",
                                         worker.string()));
  }
  const Output result = run_describe(worker, plugin);
  if (result.timed_out) {
    throw std::runtime_error(fmt::format("`{} --describe` did not finish within {}s",
                                         worker.filename().string(), kDescribeTimeout.count()));
  }
  const std::string err = one_line(result.err);
  if (!WIFEXITED(result.status) || WEXITSTATUS(result.status) != 0) {
    const std::string how = WIFSIGNALED(result.status)
                                ? fmt::format("was killed by signal {}", WTERMSIG(result.status))
                                : fmt::format("exited with status {}", WEXITSTATUS(result.status));
    throw std::runtime_error(fmt::format("`{} --describe` {}{}{}", worker.filename().string(), how,
                                         err.empty() ? "" : ": ", err));
  }
  try {
    return nlohmann::json::parse(result.out);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(fmt::format("`{} --describe` printed no valid JSON (byte {}){}{}",
                                         worker.filename().string(), e.byte,
                                         err.empty() ? "" : "; stderr: ", err));
  }
}

}  // namespace

DescribeFn describe_with_worker(const fs::path& worker_binary) {
  struct Cache {
    std::mutex mutex;
    std::map<fs::path, nlohmann::json> described;
    std::map<fs::path, std::string> failed;
  };
  auto cache = std::make_shared<Cache>();
  const fs::path worker = fs::absolute(worker_binary);
  return [cache, worker](const fs::path& plugin) -> nlohmann::json {
    std::error_code ec;
    fs::path key = fs::weakly_canonical(plugin, ec);
    if (ec) key = fs::absolute(plugin);
    std::lock_guard lock(cache->mutex);
    if (auto it = cache->described.find(key); it != cache->described.end()) return it->second;
    if (auto it = cache->failed.find(key); it != cache->failed.end()) throw std::runtime_error(it->second);
    try {
      return cache->described[key] = describe_once(worker, key);
    } catch (const std::runtime_error& e) {
      cache->failed[key] = e.what();
      throw;
    }
  };
}

}  // namespace sfsup
