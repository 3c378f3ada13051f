#pragma once
// Notices, through inotify on the supervisor's event loop, when its run
// directory is deleted or moved (then nobody can reach the topology: the
// host stops it) or only its control socket is deleted (the host binds a
// new one), so a topology is never left running unreachable.
#include <functional>

#include "control/run_dir.hpp"
#include "supervision/event_loop.hpp"
#include "supervision/unique_fd.hpp"

namespace sfsup {

class RunDirWatch {
 public:
  struct Handlers {
    std::function<void()> run_dir_gone;
    std::function<void()> socket_gone;
  };
  RunDirWatch(EventLoop& loop, const RunDir& dir, Handlers handlers);
  ~RunDirWatch();
  RunDirWatch(const RunDirWatch&) = delete;
  RunDirWatch& operator=(const RunDirWatch&) = delete;

 private:
  void on_events();
  void check_socket();

  EventLoop& loop_;
  RunDir dir_;
  Handlers handlers_;
  UniqueFd inotify_;
  int dir_watch_ = -1;
  int parent_watch_ = -1;
  EventLoop::TimerId socket_check_ = 0;
  bool gone_ = false;
};

}  // namespace sfsup
