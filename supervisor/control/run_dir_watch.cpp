#include "control/run_dir_watch.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace sfsup {

namespace {
// `rm -rf` deletes the socket before the directory: wait this long before
// deciding that only the socket went (and binding a new one would stop the
// directory from being removed).
constexpr std::chrono::milliseconds kSocketSettle{300};
}  // namespace

RunDirWatch::RunDirWatch(EventLoop& loop, const RunDir& dir, Handlers handlers)
    : loop_(loop), dir_(dir), handlers_(std::move(handlers)),
      inotify_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
  if (!inotify_) return;  // out of inotify instances: run without the watch
  dir_watch_ = ::inotify_add_watch(inotify_.get(), dir_.root.c_str(),
                                   IN_DELETE_SELF | IN_MOVE_SELF | IN_DELETE | IN_MOVED_FROM | IN_ONLYDIR);
  // The directory's own IN_DELETE_SELF only comes once nothing inside it is
  // open, and the supervisor keeps its logs open: its parent says at once.
  parent_watch_ = ::inotify_add_watch(inotify_.get(), dir_.root.parent_path().c_str(),
                                      IN_DELETE | IN_MOVED_FROM | IN_ONLYDIR);
  loop_.watch(inotify_.get(), POLLIN, [this](short) { on_events(); });
}

RunDirWatch::~RunDirWatch() {
  loop_.cancel(socket_check_);
  if (inotify_) loop_.unwatch(inotify_.get());
}

void RunDirWatch::on_events() {
  alignas(inotify_event) char buf[4096];
  for (;;) {
    const ssize_t n = ::read(inotify_.get(), buf, sizeof buf);
    if (n <= 0) break;
    for (ssize_t at = 0; at < n;) {
      const auto* e = reinterpret_cast<const inotify_event*>(buf + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
      const bool run_dir_removed =
          e->wd == parent_watch_ && e->len > 0 && (e->mask & (IN_DELETE | IN_MOVED_FROM)) &&
          std::strcmp(e->name, dir_.root.filename().c_str()) == 0;
      if (e->wd == parent_watch_ && !run_dir_removed) continue;
      if (run_dir_removed || (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF))) {
        if (gone_) continue;
        gone_ = true;
        loop_.cancel(socket_check_);
        socket_check_ = 0;
        loop_.unwatch(inotify_.get());
        if (handlers_.run_dir_gone) handlers_.run_dir_gone();
        return;
      }
      if ((e->mask & (IN_DELETE | IN_MOVED_FROM)) && e->len > 0 &&
          std::strcmp(e->name, dir_.control_socket().filename().c_str()) == 0 && !socket_check_)
        socket_check_ = loop_.after(kSocketSettle, [this] { check_socket(); });
    }
  }
}

void RunDirWatch::check_socket() {
  socket_check_ = 0;
  std::error_code ec;
  if (gone_ || !std::filesystem::exists(dir_.pid_file(), ec)) return;  // the directory is going
  if (!std::filesystem::exists(dir_.control_socket(), ec) && handlers_.socket_gone)
    handlers_.socket_gone();
}

}  // namespace sfsup
