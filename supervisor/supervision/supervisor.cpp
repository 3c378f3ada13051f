// Construction, control commands and status. The process lifecycle lives in
// supervisor_lifecycle.cpp, start/stop ordering in supervisor_ordering.cpp.
#include "supervision/supervisor.hpp"

#include <signal.h>

#include <fmt/format.h>

#include "supervision/plan_digest.hpp"
#include "supervision/supervisor_reconciliation.hpp"
#include "supervision/worker_process.hpp"

namespace sfsup {

Supervisor::Supervisor(RunPlan plan, EventLoop& loop, SupervisorObserver& observer)
    : plan_(std::move(plan)), loop_(loop), observer_(observer) {
  if (!plan_.topology_file.empty()) workers_cwd_ = plan_.topology_file.parent_path();
  // Digests wait until the first workers are on their way (bring_up): on a
  // cold start they hash every plugin, and each millisecond here is one
  // no worker is running yet.
  for (const auto& spec : plan_.workers) services_.push_back(make_service(spec, /*with_digest=*/false));
  std::error_code ec;
  if (!plan_.topology_file.empty())
    planned_topology_time_ = std::filesystem::last_write_time(plan_.topology_file, ec);
}

std::optional<std::string> Supervisor::stale_plan_note() const {
  if (plan_.topology_file.empty()) return std::nullopt;
  std::error_code ec;
  const auto now = std::filesystem::last_write_time(plan_.topology_file, ec);
  if (ec || now == planned_topology_time_) return std::nullopt;
  return fmt::format("note: {} changed since it was planned; start and restart keep the planned "
                     "config: run `sfsup up` to apply the edit (it restarts only what changed)",
                     plan_.topology_file.string());
}

SupervisedService Supervisor::make_service(const WorkerSpec& spec, bool with_digest) {
  SupervisedService s;
  s.spec = spec;
  if (s.spec.log_file.empty()) s.spec.log_file = plan_.run_dir / "logs" / (spec.name + ".log");
  s.log = std::make_unique<ServiceLog>(
      spec.name, s.spec.log_file,
      [this](std::string_view service, std::string_view line) { observer_.on_output(service, line); },
      LogRotation{}, spec.max_log_line_bytes);
  if (const auto& problem = s.log->problem())
    observer_.on_event(fmt::format("{}: {}; its output is shown but not written to a file", spec.name, *problem));
  if (with_digest) s.digest = plan_digest(s.spec);
  return s;
}

void Supervisor::take_missing_digests() {
  for (auto& s : services_)
    if (s.digest.is_null()) s.digest = plan_digest(s.spec);
}

Supervisor::~Supervisor() {
  // Normally every worker is gone by now (shutdown); if not (an exception
  // unwinding), do not leave any behind.
  for (auto& s : services_) {
    if (!s.running()) continue;
    kill_process_group(s.pid, SIGKILL);
    ::kill(s.pid, SIGKILL);
  }
  for (auto& s : services_) {
    if (s.ready_fd) loop_.unwatch(s.ready_fd.get());
    if (s.output_fd) loop_.unwatch(s.output_fd.get());
    cancel_timer(s);
  }
}

SupervisedService* Supervisor::find(std::string_view name) {
  for (auto& s : services_)
    if (s.spec.name == name) return &s;
  return nullptr;
}

const SupervisedService* Supervisor::find(std::string_view name) const {
  for (const auto& s : services_)
    if (s.spec.name == name) return &s;
  return nullptr;
}

std::string Supervisor::unknown_service(std::string_view service) const {
  std::string names;
  for (const auto& s : services_) names += (names.empty() ? "" : ", ") + s.spec.name;
  return fmt::format("unknown service '{}' (services: {})", service, names);
}

std::optional<ServiceState> Supervisor::state_of(std::string_view service) const {
  const auto* s = find(service);
  return s ? std::optional(s->state) : std::nullopt;
}

std::vector<ServiceStatus> Supervisor::status() const {
  const auto now = Clock::now();
  std::vector<ServiceStatus> out;
  for (const auto& s : services_) {
    ServiceStatus st;
    st.name = s.spec.name;
    st.state = s.state;
    if (s.running()) {
      st.pid = s.pid;
      st.uptime = std::chrono::duration_cast<std::chrono::seconds>(now - s.spawned_at);
    }
    st.restarts = s.restarts.total_restarts();
    if (s.last_exit) st.last_exit = s.last_exit->describe();
    if (s.waiting && s.state == ServiceState::starting) {
      auto blocker = blocked_by(s);
      st.detail = blocker ? *blocker : "waiting for its dependencies";
    } else {
      st.detail = s.fate;
    }
    st.endpoints = s.spec.endpoints;
    st.log_file = s.spec.log_file;
    out.push_back(std::move(st));
  }
  return out;
}

StartFailure Supervisor::failure_of(std::string_view service) const {
  StartFailure f;
  const auto* s = find(service);
  if (!s) return f;
  f.service = s->spec.name;
  if (s->waiting && s->state == ServiceState::starting) {
    auto blocker = blocked_by(*s);
    f.reason = blocker ? "not started: " + *blocker : "not started";
  } else {
    f.reason = s->fate.empty() ? std::string(to_string(s->state)) : s->fate;
  }
  f.log_file = s->spec.log_file;
  f.log_tail = s->log->tail();
  return f;
}

CommandOutcome Supervisor::stop(std::string_view service) {
  auto* s = find(service);
  if (!s) return CommandOutcome::error(unknown_service(service));
  if (shutting_down_) return CommandOutcome::error("the topology is shutting down");
  if (is_at_rest(s->state))
    return CommandOutcome::done(fmt::format("{} is already {}", s->spec.name, to_string(s->state)));
  if (!s->running()) {  // waiting for dependencies, or in backoff
    cancel_timer(*s);
    s->waiting = false;
    rest(*s, ServiceState::stopped, "stopped by `sfsup stop`");
    // It may have been the last service bring-up was waiting for (one in
    // backoff): `up -d` must hear that bring-up is over.
    check_bring_up();
    return CommandOutcome::done(fmt::format("{} stopped", s->spec.name));
  }
  s->intent = SupervisedService::Intent::stop;
  if (s->state != ServiceState::stopping) begin_stop(*s, SIGTERM);
  return CommandOutcome::pending();
}

CommandOutcome Supervisor::start(std::string_view service) {
  auto* s = find(service);
  if (!s) return CommandOutcome::error(unknown_service(service));
  if (shutting_down_) return CommandOutcome::error("the topology is shutting down");
  switch (s->state) {
    case ServiceState::ready:
      return CommandOutcome::done(fmt::format("{} is already running (pid {})", s->spec.name, s->pid));
    case ServiceState::stopping:
      s->intent = SupervisedService::Intent::restart;
      return CommandOutcome::pending();
    case ServiceState::starting:
      if (!s->running()) launch(*s);  // the user overrides the dependency wait
      return CommandOutcome::pending();
    default:  // backoff, or at rest: a fresh start with a clean slate
      s->restarts.forgive();
      launch(*s);
      return CommandOutcome::pending();
  }
}

CommandOutcome Supervisor::restart(std::string_view service) {
  auto* s = find(service);
  if (!s) return CommandOutcome::error(unknown_service(service));
  if (shutting_down_) return CommandOutcome::error("the topology is shutting down");
  if (!s->running()) return start(service);
  s->intent = SupervisedService::Intent::restart;
  if (s->state != ServiceState::stopping) begin_stop(*s, SIGTERM);
  return CommandOutcome::pending();
}

CommandOutcome Supervisor::send_signal(std::string_view service, int sig) {
  auto* s = find(service);
  if (!s) return CommandOutcome::error(unknown_service(service));
  if (!s->running())
    return CommandOutcome::error(
        fmt::format("{} is not running ({}); start it with: sfsup start {}", s->spec.name,
                    to_string(s->state), s->spec.name));
  ::kill(s->pid, sig);
  s->log->note(fmt::format("sent {} (sfsup signal)", signal_name(sig)));
  return CommandOutcome::done(fmt::format("sent {} to {} (pid {})", signal_name(sig), s->spec.name, s->pid));
}

void Supervisor::changed() {
  advance_reconciliation();
  observer_.on_change();
}

}  // namespace sfsup
