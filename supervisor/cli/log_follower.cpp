#include "cli/log_follower.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <set>

#include <fmt/format.h>

#include "supervision/private_log_file.hpp"

namespace sfsup::cli {

LogFollower::LogFollower(std::vector<Source> sources, bool prefix) : prefix_(prefix) {
  for (auto& s : sources) {
    width_ = std::max(width_, s.service.size());
    const auto folder = s.file.parent_path();
    auto at = dirs_.find(folder);
    if (at == dirs_.end()) at = dirs_.emplace(folder, PrivateDir::open_existing_dir(folder, false)).first;
    Followed f;
    f.dir = at->second ? &*at->second : nullptr;
    f.name = s.file.filename().string();
    f.source = std::move(s);
    files_.push_back(std::move(f));
  }
}

void LogFollower::open(Followed& f, bool from_start) {
  f.fd = f.dir ? f.dir->open_for_reading(f.name) : UniqueFd();
  f.partial.clear();
  f.offset = 0;
  f.inode = 0;
  if (!f.fd) return;  // not created yet: the directory watch tells us when
  struct stat st {};
  ::fstat(f.fd.get(), &st);
  f.inode = st.st_ino;
  if (!from_start) f.offset = ::lseek(f.fd.get(), 0, SEEK_END);
}

void LogFollower::print_line(const Followed& f, std::string_view line) {
  if (prefix_)
    fmt::print("{:<{}} | {}\n", f.source.service, width_, line);
  else
    fmt::print("{}\n", line);
}

void LogFollower::drain(Followed& f) {
  if (!f.fd) return;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::pread(f.fd.get(), buf, sizeof buf, f.offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    f.offset += n;
    f.partial.append(buf, static_cast<std::size_t>(n));
    std::size_t newline;
    while ((newline = f.partial.find('\n')) != std::string::npos) {
      print_line(f, std::string_view(f.partial).substr(0, newline));
      f.partial.erase(0, newline + 1);
    }
  }
  std::fflush(stdout);
}

namespace {

// The entry `name` in `dir`, never what a link there points to.
bool entry_stat(const PrivateDir& dir, const std::string& name, struct stat& st) {
  return ::fstatat(dir.fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

// The inodes of svc.<keep>.log ... svc.1.log, svc.log (oldest first; 0 when
// missing), taken twice in a row until both agree, so no rotation ran while
// they were taken.
std::vector<ino_t> rotation_snapshot(const PrivateDir& dir, const std::string& name) {
  std::vector<std::string> names;
  struct stat st {};
  for (std::size_t n = 1; entry_stat(dir, rotated_log_name(name, n), st); ++n)
    names.insert(names.begin(), rotated_log_name(name, n));
  names.push_back(name);
  auto take = [&] {
    std::vector<ino_t> inodes;
    for (const auto& n : names) inodes.push_back(entry_stat(dir, n, st) ? st.st_ino : 0);
    return inodes;
  };
  for (auto before = take();;) {
    auto after = take();
    if (after == before) return after;
    before = std::move(after);
  }
}

// The rotated files' text, oldest first (svc.<keep>.log ... svc.1.log).
std::vector<std::string> rotated_texts(const PrivateDir& dir, const std::string& name) {
  std::vector<std::string> texts;
  for (std::size_t n = 1;; ++n) {
    auto text = dir.read(rotated_log_name(name, n));
    if (!text) break;
    texts.insert(texts.begin(), std::move(*text));
  }
  return texts;
}

}  // namespace

void LogFollower::catch_up(Followed& f) {
  // Follow the chain from the file we hold to svc.log: each rotated file
  // after ours is read whole, in order, however many rotations happened
  // since the last wake-up, and whatever rotates while we read.
  for (;;) {
    drain(f);
    const auto snapshot = rotation_snapshot(*f.dir, f.name);
    const auto at = std::find(snapshot.begin(), snapshot.end(), f.inode);
    if (at == snapshot.end() - 1) return;  // ours is svc.log: up to date
    if (snapshot.back() == 0) return;      // mid-rotation: svc.log comes back, with an event
    // The file after ours; the oldest one left when ours was rotated out.
    std::size_t next = at == snapshot.end() ? 0 : static_cast<std::size_t>(at - snapshot.begin()) + 1;
    while (next + 1 < snapshot.size() && snapshot[next] == 0) ++next;
    const std::size_t from_newest = snapshot.size() - 1 - next;
    UniqueFd fd = f.dir->open_for_reading(rotated_log_name(f.name, from_newest));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) != 0 || st.st_ino != snapshot[next]) continue;  // moved on: look again
    f.fd = std::move(fd);
    f.inode = st.st_ino;
    f.offset = 0;
    f.partial.clear();
  }
}

void LogFollower::check_rotation(Followed& f) {
  struct stat st {};
  if (!f.dir || !entry_stat(*f.dir, f.name, st)) return;  // renamed away; the new one comes
  if (!f.fd) {
    open(f, true);
    drain(f);
  } else if (st.st_ino != f.inode) {
    catch_up(f);
  } else if (st.st_size < f.offset) {
    f.offset = 0;  // truncated
    f.partial.clear();
  }
}

void LogFollower::print_existing(const HistoryFilter& filter) {
  std::vector<std::vector<LogLine>> per_service;
  for (auto& f : files_) {
    // Read through the descriptor -f goes on with, up to the last complete
    // line: -f continues exactly there, no line twice or never.
    open(f, true);
    std::string current;
    if (f.fd) {
      char buf[65536];
      for (;;) {
        const ssize_t n = ::pread(f.fd.get(), buf, sizeof buf, f.offset);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        current.append(buf, static_cast<std::size_t>(n));
        f.offset += n;
      }
      const auto last_newline = current.rfind('\n');
      const std::size_t complete = last_newline == std::string::npos ? 0 : last_newline + 1;
      f.offset -= static_cast<off_t>(current.size() - complete);
      current.resize(complete);
    }
    const bool with_rotated = filter.since.has_value() && f.dir;
    per_service.push_back(filter_lines(
        read_service_log(f.source.service, with_rotated ? rotated_texts(*f.dir, f.name) : std::vector<std::string>{},
                         current),
        filter));
  }
  for (const auto& line : merge_by_time(std::move(per_service))) {
    for (const auto& f : files_)
      if (f.source.service == line.service) {
        print_line(f, line.text);
        break;
      }
  }
  std::fflush(stdout);
}

void LogFollower::follow(int stop_fd) {
  UniqueFd inotify(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
  std::set<std::string> dirs;
  for (const auto& f : files_) dirs.insert(f.source.file.parent_path().string());
  // Only a wake-up: what is read is read through each folder's PrivateDir.
  for (const auto& dir : dirs)
    ::inotify_add_watch(inotify.get(), dir.c_str(),
                        IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_ONLYDIR | IN_DONT_FOLLOW);
  // What was written after print_existing read the files and before the
  // watches existed raised no event: without this it would wait for the
  // next write, perhaps forever.
  for (auto& f : files_) {
    drain(f);
    check_rotation(f);
  }

  for (;;) {
    pollfd fds[2] = {{inotify.get(), POLLIN, 0}, {stop_fd, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[0].revents) {
      char events[8192];
      while (::read(inotify.get(), events, sizeof events) > 0) {
      }
      for (auto& f : files_) {
        drain(f);
        check_rotation(f);
      }
    }
    if (fds[1].revents) {
      char buf[4096];
      const ssize_t n = ::read(stop_fd, buf, sizeof buf);
      if (n <= 0) {
        // The supervisor exited: whatever it wrote last is on disk now,
        // perhaps in files rotated since the last wake-up.
        for (auto& f : files_) {
          drain(f);
          check_rotation(f);
        }
        return;
      }
    }
  }
}

}  // namespace sfsup::cli
