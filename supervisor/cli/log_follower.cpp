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

namespace sfsup::cli {

LogFollower::LogFollower(std::vector<Source> sources, bool prefix) : prefix_(prefix) {
  for (auto& s : sources) {
    width_ = std::max(width_, s.service.size());
    files_.push_back(Followed{std::move(s), {}, 0, 0, {}});
  }
}

void LogFollower::open(Followed& f, bool from_start) {
  f.fd.reset(::open(f.source.file.c_str(), O_RDONLY | O_CLOEXEC));
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

void LogFollower::check_rotation(Followed& f) {
  struct stat st {};
  if (::stat(f.source.file.c_str(), &st) != 0) return;  // renamed away; the new one comes
  if (!f.fd || st.st_ino != f.inode) {
    drain(f);  // the rest of the rotated file first
    open(f, true);
    drain(f);
  } else if (st.st_size < f.offset) {
    f.offset = 0;  // truncated
    f.partial.clear();
  }
}

void LogFollower::print_existing() {
  for (auto& f : files_) {
    open(f, true);
    drain(f);
  }
}

void LogFollower::follow(int stop_fd) {
  UniqueFd inotify(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
  std::set<std::string> dirs;
  for (const auto& f : files_) dirs.insert(f.source.file.parent_path().string());
  for (const auto& dir : dirs)
    ::inotify_add_watch(inotify.get(), dir.c_str(), IN_MODIFY | IN_CREATE | IN_MOVED_TO);

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
        // The supervisor exited: whatever it wrote last is on disk now.
        for (auto& f : files_) drain(f);
        return;
      }
    }
  }
}

}  // namespace sfsup::cli
