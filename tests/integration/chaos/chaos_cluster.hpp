#pragma once
// The chaos test's topology, run by the real sfsup from a real YAML file with
// the example plugins, and what the test reads back: sfsup status, the
// services' log files, and /proc (zombies, strays).
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "process.hpp"

namespace chaos {

using nlohmann::json;

// Services under traffic, and which ones the test kills (all of them).
inline const std::vector<std::string> kServices = {"echo", "pinger", "ticker", "tick_counter", "book_publisher",
                                                   "book_follower"};

// The final book every book_publisher run converges to: its deltas come from
// a fixed seed, so every restart ends at the same checksum.
inline constexpr int kBookDeltas = 2000;

struct CommandResult {
  int status = -1;
  std::string output;
  bool ok() const;
};

class ChaosCluster {
 public:
  ChaosCluster();   // writes the topology; nothing runs yet
  ~ChaosCluster();  // `sfsup down` when still up; SIGKILL the supervisor if that fails

  CommandResult sfsup(std::vector<std::string> args);
  CommandResult up() { return sfsup({"up", topology().string(), "-d"}); }
  CommandResult down() { return sfsup({"down"}); }

  json status();                                  // `status --json`, required to succeed
  static const json* find_service(const json& status, const std::string& name);

  std::filesystem::path topology() const { return dir_ / "chaos.yaml"; }
  std::filesystem::path run_dir() const { return dir_ / "run"; }
  std::string log_of(const std::string& service) const;  // run/logs/<service>.log, all runs

 private:
  sftest::TempDir dir_;
};

// Children of `parent` that are zombies right now.
std::vector<pid_t> zombie_children(pid_t parent);
// Processes whose command line mentions `needle` (the run directory: every
// worker's -a/-c files live there), other than this test.
std::vector<pid_t> processes_mentioning(const std::string& needle);
bool is_gone(pid_t pid);

// The exit of a process that is not our child, on a pidfd (a real event).
class ExitWatch {
 public:
  explicit ExitWatch(pid_t pid);
  ~ExitWatch();
  ExitWatch(const ExitWatch&) = delete;
  bool wait(std::chrono::milliseconds timeout);  // false on timeout

 private:
  int fd_ = -1;
};

}  // namespace chaos
