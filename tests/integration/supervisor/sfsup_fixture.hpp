#pragma once
// Drives the real sfsup binary against a RunPlan of shell-script workers
// (`sfsup up --plan`), so supervision is tested with real processes and
// signals without needing any service plugin. Each script gets $T, the
// test's temp dir, to leave evidence in (pids, "got INT" lines).
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "process.hpp"

namespace sfsup_test {

using nlohmann::json;
using namespace std::chrono_literals;

struct ShellWorker {
  std::string name;
  std::string script;                        // run by /bin/sh -c; READY goes to fd 3
  bool leading_edge = false;
  std::vector<std::string> depends_on = {};
  json restart = json::object();             // RestartPolicy fields, e.g. {"mode":"never"}
  long stop_timeout_ms = 5000;
  std::string stop_signal = "";              // WorkerSpec::stop_signal ("SIGUSR1"); empty: default
  long ready_timeout_ms = 20000;
  std::map<std::string, std::string> endpoints = {};
};

// The usual body: report ready, then idle until a signal; the trap records
// which signal arrived, so tests can check who got what, in which order.
std::string idle_worker_script(const std::string& name);

struct Run {
  int status = -1;
  std::string output;
  bool ok() const;
};

class Cluster {
 public:
  // `run_subdir`: the run directory's path under the temp dir.
  explicit Cluster(std::vector<ShellWorker> workers, std::string run_subdir = "run");
  ~Cluster();  // brings a still-running topology down; SIGKILLs the daemon if that fails
  Cluster(const Cluster&) = delete;

  const std::filesystem::path& dir() const { return tmp_.path(); }
  std::filesystem::path run_dir() const { return tmp_ / run_subdir_; }
  std::filesystem::path plan_file() const { return tmp_ / "plan.json"; }

  // `sfsup <args> --run-dir <run_dir>`, run to completion.
  Run sfsup(std::vector<std::string> args);
  Run up_detached() { return sfsup({"up", "--plan", plan_file().string(), "-d"}); }
  // `sfsup up --plan ... ` in the foreground, left running.
  sftest::Process up_foreground();

  json status();                          // `status --json`, checked to answer (exit 0 or 3)
  json service(const std::string& name);  // its entry in status()
  pid_t pid_of(const std::string& name);

 private:
  sftest::TempDir tmp_;
  std::string run_subdir_;
};

// Waits for a process that is not our child to exit, on its pidfd (a real
// event, not a sleep). False on timeout. Open the pidfd before causing the exit.
class ExitWatch {
 public:
  explicit ExitWatch(pid_t pid);
  ~ExitWatch();
  ExitWatch(ExitWatch&& other) noexcept;
  ExitWatch(const ExitWatch&) = delete;
  bool wait(std::chrono::milliseconds timeout = 20s);

 private:
  int fd_ = -1;
};

// No process (not even a zombie) has this pid.
bool is_gone(pid_t pid);
std::vector<std::string> read_lines(const std::filesystem::path& file);

}  // namespace sfsup_test
