#pragma once
// Runs a RunPlan: starts workers in dependency order, watches readiness and
// exits, restarts by policy, stops in reverse order, and answers the control
// commands. Everything happens on the EventLoop's thread; no call blocks.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "run_plan.hpp"
#include "supervision/event_loop.hpp"
#include "supervision/service_state.hpp"
#include "supervision/supervised_service.hpp"
#include "supervision/unique_fd.hpp"

namespace sfsup {

struct ServiceStatus {
  std::string name;
  ServiceState state = ServiceState::starting;
  std::optional<pid_t> pid;
  std::optional<std::chrono::seconds> uptime;
  int restarts = 0;
  std::optional<std::string> last_exit;  // "exit 1", "SIGKILL"
  std::string detail;                    // why it is at rest / what it waits for
  std::map<std::string, std::string> endpoints;
  std::filesystem::path log_file;
};

struct StartFailure {
  std::string service;
  std::string reason;
  std::filesystem::path log_file;
  std::vector<std::string> log_tail;
};

struct BringUpResult {
  bool ok = false;
  bool interrupted = false;  // a shutdown came first
  int ready = 0;
  int total = 0;
  std::vector<StartFailure> failures;
};

class SupervisorObserver {
 public:
  virtual ~SupervisorObserver() = default;
  // A line worth showing: "[2/5] echo ready (pid 123)", "echo exited (SIGKILL); restarting".
  virtual void on_event(std::string_view /*line*/) {}
  // A line a worker printed (already in its log file).
  virtual void on_output(std::string_view /*service*/, std::string_view /*line*/) {}
  // Some service changed state.
  virtual void on_change() {}
  // Once, when every service is ready, or has failed, or waits on one that failed.
  virtual void on_bring_up(const BringUpResult& /*result*/) {}
  // Shutdown finished: no worker is left.
  virtual void on_stopped() {}
  // A worker was spawned: `stats` is sfsup's end of its stats socket
  // (worker_process.hpp); dropping it is fine (the worker stops listening).
  virtual void on_worker_started(std::string_view /*service*/, pid_t /*pid*/, UniqueFd /*stats*/) {}
};

// How a control command went: finished now, or under way (the caller waits
// for the service's state to settle), or refused.
struct CommandOutcome {
  enum class Kind { done, pending, error };
  Kind kind = Kind::done;
  std::string message;
  static CommandOutcome done(std::string m) { return {Kind::done, std::move(m)}; }
  static CommandOutcome pending() { return {Kind::pending, {}}; }
  static CommandOutcome error(std::string m) { return {Kind::error, std::move(m)}; }
};

// How a run ends besides `down` and signals (docker compose's flags):
// `abort_on_exit` stops the whole topology once any worker exits on its own;
// `exit_code_from` implies it and makes that service's exit the exit code.
struct ExitPolicy {
  bool abort_on_exit = false;
  std::string exit_code_from;
};

class Supervisor {
 public:
  // Fills in defaults: log files under <run_dir>/logs, the topology file's
  // folder as the workers' working directory.
  Supervisor(RunPlan plan, EventLoop& loop, SupervisorObserver& observer);
  ~Supervisor();
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  void set_exit_policy(ExitPolicy policy) { exit_policy_ = std::move(policy); }
  void bring_up();
  // Forwards `sig` (SIGHUP becomes SIGTERM) leading edge first, then the rest
  // in reverse dependency order; a second call SIGKILLs whatever is left.
  void shutdown(int sig);
  bool shutting_down() const { return shutting_down_; }
  bool stopped() const { return stopped_; }
  // On SIGCHLD: reaps every child that exited (including orphans handed to
  // us as subreaper) and reacts to the workers among them.
  void reap_children();

  CommandOutcome stop(std::string_view service);
  CommandOutcome start(std::string_view service);
  CommandOutcome restart(std::string_view service);
  CommandOutcome send_signal(std::string_view service, int sig);
  // `sfsup up` on a running topology: stops removed services, restarts the
  // ones whose plan changed (plan_digest.hpp), starts new ones, in dependency
  // order. Pending until applied; then reconcile_outcome() says what it did.
  CommandOutcome reconcile(RunPlan plan);
  const std::optional<CommandOutcome>& reconcile_outcome() const { return reconcile_outcome_; }
  // When the topology file was edited after it was planned: a note saying
  // that `restart` keeps the planned config and `up` applies the edit.
  std::optional<std::string> stale_plan_note() const;

  // sfsup's own exit code once the run is over (docs/supervisor.md's table):
  // the --exit-code-from service's (a signal N is 128+N), else the first
  // worker's under --abort-on-exit, else 1 when a service ended fatal or
  // failed with no restart to come, else 0. `exit_reason` says why.
  int exit_code() const;
  std::string exit_reason() const;

  const RunPlan& plan() const { return plan_; }
  bool has(std::string_view service) const { return find(service) != nullptr; }
  std::optional<ServiceState> state_of(std::string_view service) const;
  std::vector<ServiceStatus> status() const;
  StartFailure failure_of(std::string_view service) const;
  // "unknown service 'x' (services: a, b)"
  std::string unknown_service(std::string_view service) const;

 private:
  SupervisedService* find(std::string_view name);
  const SupervisedService* find(std::string_view name) const;

  // lifecycle (supervisor_lifecycle.cpp)
  void launch(SupervisedService& s);
  void watch_worker(SupervisedService& s);
  void drop_pipes(SupervisedService& s);
  void read_ready(SupervisedService& s);
  void read_output(SupervisedService& s);
  void mark_ready(SupervisedService& s);
  void on_ready_timeout(SupervisedService& s);
  void begin_stop(SupervisedService& s, int sig);
  void on_exit(SupervisedService& s, ExitStatus status);
  void apply_restart_policy(SupervisedService& s, const ExitStatus& status);
  void rest(SupervisedService& s, ServiceState state, std::string fate);
  bool abort_on(SupervisedService& s, const ExitStatus& status);
  void end_if_finished();
  void cancel_timer(SupervisedService& s);

  // ordering (supervisor_ordering.cpp)
  bool dependencies_ready(const SupervisedService& s) const;
  bool waits_for_leading_edge(const SupervisedService& s) const;
  std::optional<std::string> blocked_by(const SupervisedService& s, int depth = 0) const;
  void start_waiting();
  void check_bring_up();
  void hold_back_unrequested();
  std::set<std::string> with_dependencies(const std::vector<std::string>& names) const;
  void advance_shutdown();

  void changed();
  SupervisedService make_service(const WorkerSpec& spec, bool with_digest = true);
  // plan_digest() of every service constructed without one.
  void take_missing_digests();

  // reconcile (supervisor_reconcile.cpp)
  void advance_reconciliation();
  void apply_reconciliation();
  void finish_reconciliation();

  RunPlan plan_;
  EventLoop& loop_;
  SupervisorObserver& observer_;
  std::filesystem::path workers_cwd_;
  std::filesystem::file_time_type planned_topology_time_{};  // the topology file's mtime when planned
  // Plan order. A list: timers and watches hold references to its entries,
  // which must survive `up` adding and removing services.
  std::list<SupervisedService> services_;
  // `sfsup up` on the running topology, while it is being applied.
  struct Reconciliation;
  std::unique_ptr<Reconciliation> reconciliation_;
  std::optional<CommandOutcome> reconcile_outcome_;
  bool bringing_up_ = false;
  int ready_count_ = 0;
  int bring_up_total_ = 0;  // services bring-up waits for (not the held-back ones)
  bool shutting_down_ = false;
  bool forced_ = false;
  bool stopped_ = false;
  int stop_signal_ = 0;
  ExitPolicy exit_policy_;
  std::string first_exit_;  // the worker whose exit aborted the run
};

}  // namespace sfsup
