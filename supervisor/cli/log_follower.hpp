#pragma once
// `sfsup logs`: prints log files, and with -f keeps printing what is appended,
// following size rotation (svc.log renamed to svc.1.log, a new svc.log
// created) like `tail -F`, also when several rotations happened between two
// wake-ups (a burst): the files rotated in between are read whole, in order.
// Woken by inotify, never by a sleep. Every file is opened through its
// folder's PrivateDir, under `up`'s rules: a symlink planted as a log (or a
// log that is another user's) is refused (RunDirRefused), never read.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/log_history.hpp"
#include "control/private_dir.hpp"
#include "supervision/unique_fd.hpp"

namespace sfsup::cli {

class LogFollower {
 public:
  struct Source {
    std::string service;
    std::filesystem::path file;
  };
  // prefix: put "<service> | " before each line (several services at once).
  // Throws RunDirRefused when a log folder breaks the rules.
  LogFollower(std::vector<Source> sources, bool prefix);

  // What is in the files now, merged by time across services; -f then
  // continues from the end of each file.
  void print_existing(const HistoryFilter& filter = {});
  // Follows until `stop_fd` (the control connection) closes; returns then.
  void follow(int stop_fd);

 private:
  struct Followed {
    Source source;
    const PrivateDir* dir = nullptr;  // its folder; null when there is none (yet)
    std::string name;                 // its name in there
    UniqueFd fd;
    ino_t inode = 0;
    off_t offset = 0;
    std::string partial;
  };
  void open(Followed& f, bool from_start);
  void drain(Followed& f);
  void check_rotation(Followed& f);
  void catch_up(Followed& f);
  void print_line(const Followed& f, std::string_view line);

  std::map<std::filesystem::path, std::optional<PrivateDir>> dirs_;
  std::vector<Followed> files_;
  bool prefix_;
  std::size_t width_ = 0;
};

}  // namespace sfsup::cli
