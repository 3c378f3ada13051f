#pragma once
// Real processes for integration tests: spawn, wait for readiness, signal,
// read output, reap. Timeouts here only bound how long a broken test hangs;
// no test asserts a duration.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sf/json.hpp>

namespace sftest {

using namespace std::chrono_literals;

struct SpawnOptions {
  std::map<std::string, std::string> env{}; // added to the test's environment
  std::filesystem::path cwd{};              // empty: inherit
  bool ready_pipe = false;                  // pass a pipe's write end as fd 3 ("--ready-fd 3")
};

class Process {
 public:
  // Throws std::system_error when argv[0] cannot be executed. The child gets
  // SIGKILL if the spawning thread dies (PR_SET_PDEATHSIG), so a crashed or
  // timed-out test leaves no workers behind: spawn from the test's own thread.
  static Process spawn(std::vector<std::string> argv, SpawnOptions options = {});
  Process(Process&&) noexcept;
  Process& operator=(Process&&) noexcept;
  ~Process();  // SIGKILL + reap when still running

  pid_t pid() const { return pid_; }
  // True once the child wrote to its ready fd; false on timeout or exit first.
  bool wait_ready(std::chrono::milliseconds timeout = 20s);
  // The raw wait status once exited; nullopt on timeout (child left running).
  std::optional<int> wait_exit(std::chrono::milliseconds timeout = 20s);
  void signal(int sig);
  bool running();
  // Everything the child wrote to stdout+stderr so far.
  std::string output();
  // Waits until the captured output contains `needle` (at or after offset
  // `from`: output().size() taken earlier); false on timeout or exit.
  bool wait_for_output(std::string_view needle, std::chrono::milliseconds timeout = 20s, std::size_t from = 0);

 private:
  Process() = default;
  struct Events {
    bool ready_readable = false;
    bool exited = false;
  };
  void drain(std::chrono::milliseconds wait);
  void read_available_output();
  bool reap_if_exited();
  Events poll_once(std::chrono::milliseconds wait, bool watch_ready);
  void kill_and_release();
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int ready_fd_ = -1;
  int pid_fd_ = -1;  // pidfd_open(2): readable once the child exited
  bool ready_seen_ = false;
  std::optional<int> status_;
  std::string output_;
};

// A fresh directory under /tmp (short, so ipc:// paths fit), removed after.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

std::filesystem::path build_dir();
std::filesystem::path source_dir();
std::filesystem::path worker_binary();               // build/bin/service_framework
std::filesystem::path sfsup_binary();                // build/bin/sfsup
std::filesystem::path plugin(std::string_view name); // build/services/lib<name>.so
void write_json(const std::filesystem::path& file, const sf::Json& value);
std::string read_file(const std::filesystem::path& file);

// exit status helpers over a raw wait status
bool exited_with(int status, int code);
bool killed_by(int status, int sig);

}  // namespace sftest
