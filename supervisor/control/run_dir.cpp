#include "control/run_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <system_error>

#include <fmt/format.h>

#include "control/private_dir.hpp"

namespace sfsup {

namespace {

// A `.sfsup` that a command would use: a directory holding an sfsup.pid, or
// any symlink by that name (refused below, wherever it points).
bool looks_like_run_dir(const std::filesystem::path& candidate) {
  struct stat st {};
  if (::lstat(candidate.c_str(), &st) != 0) return false;
  if (S_ISLNK(st.st_mode)) return true;
  const std::string pid = (candidate / "sfsup.pid").string();
  return S_ISDIR(st.st_mode) && ::fstatat(AT_FDCWD, pid.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

}  // namespace

std::optional<RunDir> find_run_dir_upwards(const std::filesystem::path& start) {
  const auto from = std::filesystem::absolute(start).lexically_normal();
  for (auto dir = from;; dir = dir.parent_path()) {
    const RunDir candidate{dir / ".sfsup"};
    if (looks_like_run_dir(candidate.root)) {
      // Found, not chosen: one planted in a shared parent (/tmp) must not
      // become the run directory of every command run below it.
      try {
        PrivateDir::open_existing_dir(candidate.root);
      } catch (const RunDirRefused& e) {
        throw RunDirRefused(fmt::format("{} (found walking up from {})", e.what(), from.string()));
      }
      return candidate;
    }
    if (dir == dir.parent_path()) return std::nullopt;
  }
}

RunDir resolve_run_dir(const std::optional<std::string>& flag,
                       const std::vector<std::filesystem::path>& also_from) {
  std::filesystem::path dir;
  if (flag && !flag->empty())
    dir = *flag;
  else if (const char* env = std::getenv("SFSUP_RUN_DIR"); env && *env)
    dir = env;
  else if (auto found = find_run_dir_upwards(std::filesystem::current_path()))
    return *found;
  else {
    for (const auto& start : also_from)
      if (auto found_there = find_run_dir_upwards(start)) return *found_there;
    dir = ".sfsup";
  }
  return RunDir{std::filesystem::absolute(dir).lexically_normal()};
}

namespace {
std::optional<pid_t> read_pid(int fd) {
  char buf[32] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return std::nullopt;
  const long pid = std::strtol(buf, nullptr, 10);
  return pid > 0 ? std::optional<pid_t>(static_cast<pid_t>(pid)) : std::nullopt;
}
}  // namespace

std::optional<InstanceLock> InstanceLock::acquire(const RunDir& dir, pid_t* holder) {
  const PrivateDir run = PrivateDir::open_or_create(dir.root);
  const std::string name = dir.pid_file().filename().string();
  for (;;) {
    UniqueFd existing = run.open_existing(name, O_RDWR);
    if (existing && ::flock(existing.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK)
        throw std::system_error(errno, std::generic_category(),
                                fmt::format("cannot lock {}", dir.pid_file().string()));
      if (holder) *holder = read_pid(existing.get()).value_or(0);
      return std::nullopt;
    }
    // Replaced by whoever locked it before us: look again.
    if (existing && !run.names_file(name, existing.get())) continue;
    // A fresh file, never one found here, locked before it gets the name;
    // the old one (if any) stays locked until the new one is in place, so
    // another `up` sees a lock either way.
    std::string temp;
    UniqueFd fresh = run.create_temp(name, temp);
    ::flock(fresh.get(), LOCK_EX | LOCK_NB);
    InstanceLock lock(std::move(fresh));
    lock.write_pid(getpid());
    if (!run.publish(temp, name, /*replace=*/static_cast<bool>(existing))) continue;  // another `up` made one first
    return lock;
  }
}

void InstanceLock::write_pid(pid_t pid) {
  const std::string text = fmt::format("{}\n", pid);
  if (::ftruncate(fd_.get(), 0) == 0) {
    [[maybe_unused]] auto n = ::pwrite(fd_.get(), text.data(), text.size(), 0);
  }
}

std::optional<pid_t> running_supervisor(const RunDir& dir) {
  // Read-only, but held to the same rules as `up`'s.
  const auto run = PrivateDir::open_existing_dir(dir.root);
  if (!run) return std::nullopt;
  UniqueFd fd = run->open_for_reading(dir.pid_file().filename().string());
  if (!fd) return std::nullopt;
  if (::flock(fd.get(), LOCK_SH | LOCK_NB) == 0) return std::nullopt;  // nobody holds it
  return read_pid(fd.get());
}

}  // namespace sfsup
