// `sfsup watch` and `sfsup up --watch`: follow the running topology's files
// (the topology itself, each plugin .so, each config_file) with inotify, and
// when one changes, wait for the writing to settle (a rebuild writes a .so
// in several steps), then apply the topology as `sfsup up` would: only the
// services whose plan changed restart, and only once every plugin loads
// (planning runs each plugin's --describe). Until then the old workers keep
// running and one line says why.
#include <poll.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/reconcile_command.hpp"
#include "cli/run_dir_choice.hpp"
#include "control/control_client.hpp"
#include "supervision/unique_fd.hpp"
#include "topology/parse_topology.hpp"

namespace sfsup::cli {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// No event for this long after a change: the writer is done.
constexpr int kSettleMs = 500;

// Folder -> file names in it worth a re-plan.
using WatchedFiles = std::map<std::filesystem::path, std::set<std::string>>;

WatchedFiles files_of(const std::filesystem::path& topology_file) {
  WatchedFiles files;
  auto add = [&](const std::filesystem::path& p) {
    if (p.empty()) return;
    const auto abs = std::filesystem::absolute(p).lexically_normal();
    files[abs.parent_path()].insert(abs.filename().string());
  };
  add(topology_file);
  Diagnostics ignored(topology_file.string());
  const Topology topology = parse_topology(topology_file, ignored);
  for (const auto& s : topology.services) {
    add(s.plugin);
    add(s.config_file);
  }
  return files;
}

struct Watcher {
  UniqueFd inotify{::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)};
  std::map<int, std::filesystem::path> dirs;  // watch descriptor -> folder

  void watch(const WatchedFiles& files) {
    for (const auto& [wd, dir] : dirs) ::inotify_rm_watch(inotify.get(), wd);
    dirs.clear();
    for (const auto& [dir, names] : files) {
      // Folders, not files: a rebuild often replaces the file (new inode).
      const int wd = ::inotify_add_watch(inotify.get(), dir.c_str(),
                                         IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE |
                                             IN_MODIFY | IN_ATTRIB);
      if (wd >= 0) dirs[wd] = dir;
    }
  }

  // The changed watched files among the pending events.
  std::set<std::string> read_changes(const WatchedFiles& files) {
    std::set<std::string> changed;
    alignas(inotify_event) char buf[8192];
    for (;;) {
      const ssize_t n = ::read(inotify.get(), buf, sizeof buf);
      if (n <= 0) break;
      for (ssize_t at = 0; at < n;) {
        const auto* e = reinterpret_cast<const inotify_event*>(buf + at);
        at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
        auto dir = dirs.find(e->wd);
        if (dir == dirs.end() || e->len == 0) continue;
        auto names = files.find(dir->second);
        if (names != files.end() && names->second.count(e->name))
          changed.insert((dir->second / e->name).string());
      }
    }
    return changed;
  }
};

// Blocks until `fd` is readable, the supervisor exits (`until_gone`, -1 for
// none), or `timeout_ms` passes. True when `fd` is readable.
bool wait_readable(int fd, int until_gone, int timeout_ms, bool& supervisor_gone) {
  pollfd fds[2] = {{fd, POLLIN, 0}, {until_gone, POLLIN, 0}};
  for (;;) {
    const int rc = ::poll(fds, until_gone >= 0 ? 2 : 1, timeout_ms);
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) return false;
    if (until_gone >= 0 && fds[1].revents) {
      supervisor_gone = true;
      return false;
    }
    return true;
  }
}

}  // namespace

int run_watch(const Options& options) {
  const RunDir dir = run_dir_for(options);
  auto client = ControlClient::connect(dir);
  if (!client) {
    fmt::print(stderr, "sfsup: {}\n", no_topology_message(dir));
    return kExitFailure;
  }
  json status = client->request({{"cmd", "status"}}, 10'000ms)["status"];
  const std::filesystem::path topology = status.value("topology_file", "");
  if (topology.empty()) {
    fmt::print(stderr, "sfsup: the topology in {} was started from a --plan file: nothing to watch\n",
               dir.root.string());
    return kExitFailure;
  }
  // The supervisor's pid, pinned: watching ends when it exits.
  UniqueFd supervisor(static_cast<int>(::syscall(SYS_pidfd_open, status.value("supervisor_pid", 0), 0)));

  Watcher watcher;
  WatchedFiles files = files_of(topology);
  watcher.watch(files);
  std::size_t count = 0;
  for (const auto& [d, names] : files) count += names.size();
  fmt::print("watching {} file{} of '{}' (topology, plugins, config files); Ctrl-C stops watching\n",
             count, count == 1 ? "" : "s", status.value("topology", "?"));

  for (;;) {
    bool gone = false;
    if (!wait_readable(watcher.inotify.get(), supervisor.get(), -1, gone)) {
      if (gone) return 0;  // the topology went down
      continue;
    }
    auto changed = watcher.read_changes(files);
    if (changed.empty()) continue;
    // Let the writer finish: wait for a quiet spell.
    while (wait_readable(watcher.inotify.get(), supervisor.get(), kSettleMs, gone))
      changed.merge(watcher.read_changes(files));
    if (gone) return 0;
    for (const auto& file : changed) fmt::print("watch: {} changed\n", file);
    std::fflush(stdout);

    auto now_client = ControlClient::connect(dir);
    if (!now_client) return 0;
    const json answer = now_client->request({{"cmd", "status"}}, 10'000ms);
    if (!answer.value("ok", false)) continue;
    apply_topology(*now_client, dir, answer["status"], topology, {}, options.worker, true);
    std::fflush(nullptr);
    files = files_of(topology);  // the topology may name other files now
    watcher.watch(files);
  }
}

}  // namespace sfsup::cli
