#pragma once
// The contract between reading a topology (topology/, planning/) and running
// it (supervision/): everything the process supervisor needs, nothing about
// YAML or models. Built by plan_topology(), consumed by the Supervisor.
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sfsup {

enum class RestartMode { always, on_failure, never };

struct RestartPolicy {
  RestartMode mode = RestartMode::on_failure;
  std::chrono::milliseconds backoff_initial{0};     // first restart is immediate
  std::chrono::milliseconds backoff_step{250};      // then 250ms, 500ms, 1s, ... doubling
  std::chrono::milliseconds backoff_max{10'000};
  int intensity_max_restarts = 5;                   // more than this many restarts ...
  std::chrono::milliseconds intensity_period{30'000};  // ... within this window -> fatal
};

struct WorkerSpec {
  std::string name;                                 // service name in the topology
  std::vector<std::string> argv;                    // full service_framework command line
  std::map<std::string, std::string> env;           // added to sfsup's own environment
  bool leading_edge = false;                        // main mode: started after everyone else
  std::vector<std::string> depends_on;              // services it connects to (start first)
  RestartPolicy restart;
  int stop_signal = 0;                              // sent to stop it; 0: the signal sfsup got (SIGTERM)
  std::chrono::milliseconds stop_timeout{10'000};   // SIGTERM/SIGINT -> SIGKILL after this
  std::chrono::milliseconds ready_timeout{30'000};  // no readiness by then: failed start
  std::filesystem::path log_file;                   // worker stdout+stderr
  std::size_t max_log_line_bytes = 16 * 1024;       // the worker's bound; sfsup cuts its lines a little above
  std::map<std::string, std::string> endpoints;     // "in.ticks.subscriber" -> "ipc://…", for status
};

struct RunPlan {
  std::string name;                                 // topology name
  std::filesystem::path topology_file;
  std::filesystem::path run_dir;                    // control socket, logs, worker files
  std::vector<WorkerSpec> workers;                  // in start order (dependencies first)
  // Where sfsup-assigned ipc:// sockets live: run_dir/ipc, or a short
  // /tmp/sfsup-XXXXXX when that path would exceed the unix socket limit
  // (remove it on `down`; `notes` then says so).
  std::filesystem::path ipc_dir;
  std::vector<std::string> notes;                   // things to tell the user at `up`
  // `sfsup up <service>...`: bring up only these and what they depend on;
  // the others stay stopped until `sfsup start`. Empty: every service.
  std::vector<std::string> start_only;
  // `up --metrics HOST:PORT` or the topology's `metrics:`: Prometheus text at
  // /metrics and a status page at /. Empty: no server. Loopback only unless
  // metrics_remote.
  std::string metrics_address;
  bool metrics_remote = false;
};

}  // namespace sfsup
