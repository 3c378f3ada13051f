// Order: who may start now (dependencies ready, leading edge last), when
// bring-up has settled, and who may be stopped now during shutdown
// (leading edge first, then nobody before the services that depend on it).
#include <signal.h>

#include <set>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "supervision/plural.hpp"
#include "supervision/supervisor.hpp"
#include "supervision/worker_process.hpp"

namespace sfsup {

bool Supervisor::dependencies_ready(const SupervisedService& s) const {
  for (const auto& dep : s.spec.depends_on) {
    const auto* d = find(dep);
    if (d && d->state != ServiceState::ready) return false;
  }
  if (s.spec.leading_edge) {
    // Main-mode services start sending at once: everything else first
    // (except a service that itself waits for a leading-edge one).
    for (const auto& other : services_)
      if (!other.spec.leading_edge && !waits_for_leading_edge(other) && !other.held_back &&
          other.state != ServiceState::ready)
        return false;
  }
  return true;
}

bool Supervisor::waits_for_leading_edge(const SupervisedService& s) const {
  for (const auto& dep : s.spec.depends_on)
    if (const auto* d = find(dep); d && d->spec.leading_edge) return true;
  return false;
}

std::optional<std::string> Supervisor::blocked_by(const SupervisedService& s, int depth) const {
  if (depth > static_cast<int>(services_.size())) return std::nullopt;  // a cycle; the planner rejects those
  auto check = [&](const SupervisedService& d) -> std::optional<std::string> {
    if (is_at_rest(d.state))
      return fmt::format("waiting for {} ({})", d.spec.name, to_string(d.state));
    if (d.waiting && d.state == ServiceState::starting) return blocked_by(d, depth + 1);
    return std::nullopt;
  };
  for (const auto& dep : s.spec.depends_on)
    if (const auto* d = find(dep))
      if (auto why = check(*d)) return why;
  if (s.spec.leading_edge)
    for (const auto& other : services_)
      if (!other.spec.leading_edge && !waits_for_leading_edge(other) && !other.held_back)
        if (auto why = check(other)) return why;
  return std::nullopt;
}

void Supervisor::bring_up() {
  bringing_up_ = true;
  hold_back_unrequested();
  bring_up_total_ = 0;
  for (const auto& s : services_) bring_up_total_ += s.held_back ? 0 : 1;
  if (bring_up_total_ == static_cast<int>(services_.size()))
    observer_.on_event(fmt::format("starting {} of '{}' (logs in {})",
                                   count_of(static_cast<long long>(services_.size()), "service"), plan_.name,
                                   (plan_.run_dir / "logs").string()));
  else
    observer_.on_event(fmt::format("starting {} of the {} of '{}' (logs in {})", bring_up_total_,
                                   count_of(static_cast<long long>(services_.size()), "service"),
                                   plan_.name, (plan_.run_dir / "logs").string()));
  start_waiting();
  // Taken right after the launches: the files a worker was started with
  // are the ones it reads as it starts, so this is still what it runs.
  take_missing_digests();
  check_bring_up();
}

std::set<std::string> Supervisor::with_dependencies(const std::vector<std::string>& names) const {
  // The named services and everything they depend on, transitively.
  std::set<std::string> wanted(names.begin(), names.end());
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& s : services_)
      if (wanted.count(s.spec.name))
        for (const auto& dep : s.spec.depends_on) grew |= wanted.insert(dep).second;
  }
  return wanted;
}

void Supervisor::hold_back_unrequested() {
  if (plan_.start_only.empty()) return;
  const auto wanted = with_dependencies(plan_.start_only);
  for (auto& s : services_) {
    if (wanted.count(s.spec.name)) continue;
    s.waiting = false;
    s.held_back = true;
    s.state = ServiceState::stopped;
    s.fate = fmt::format("not started: `sfsup up` named other services (start it with: sfsup start {})",
                         s.spec.name);
  }
}

void Supervisor::start_waiting() {
  if (shutting_down_) return;
  for (auto& s : services_)
    if (s.waiting && s.state == ServiceState::starting && dependencies_ready(s)) launch(s);
}

void Supervisor::check_bring_up() {
  if (!bringing_up_) return;
  for (const auto& s : services_) {
    if (s.ever_ready || s.held_back || is_at_rest(s.state)) continue;
    if (s.waiting && s.state == ServiceState::starting && blocked_by(s)) continue;
    return;  // still on its way
  }
  bringing_up_ = false;
  BringUpResult result;
  result.total = bring_up_total_;
  result.ready = ready_count_;
  for (const auto& s : services_)
    if (!s.ever_ready && !s.held_back) result.failures.push_back(failure_of(s.spec.name));
  result.ok = result.failures.empty();
  observer_.on_bring_up(result);
}

void Supervisor::shutdown(int sig) {
  if (shutting_down_) {
    if (forced_ || stopped_) return;
    forced_ = true;
    observer_.on_event("asked again: killing every worker now (SIGKILL)");
    for (auto& s : services_) {
      if (!s.running()) continue;
      kill_process_group(s.pid, SIGKILL);
      ::kill(s.pid, SIGKILL);
    }
    return;
  }
  shutting_down_ = true;
  stop_signal_ = sig == SIGHUP ? SIGTERM : sig;
  if (bringing_up_) {
    bringing_up_ = false;
    BringUpResult result;
    result.interrupted = true;
    result.total = bring_up_total_;
    result.ready = ready_count_;
    observer_.on_bring_up(result);
  }
  observer_.on_event(fmt::format("stopping: {} to the leading-edge services, then to the rest in "
                                 "reverse dependency order (signal sfsup again to kill them at once)",
                                 signal_name(stop_signal_)));
  for (auto& s : services_) {
    if (s.running() || is_at_rest(s.state)) continue;
    s.waiting = false;
    rest(s, ServiceState::stopped, "not started: shutting down");
  }
  advance_shutdown();
}

void Supervisor::advance_shutdown() {
  auto stop_now = [&](SupervisedService& s) {
    s.intent = SupervisedService::Intent::stop;
    if (s.state != ServiceState::stopping) begin_stop(s, stop_signal_);
  };

  bool leading_running = false;
  for (auto& s : services_) {
    if (s.spec.leading_edge && s.running()) {
      leading_running = true;
      stop_now(s);
    }
  }
  if (!leading_running) {
    // A service stops once nothing that depends on it is still running, so
    // a dependant's signal handler can still talk to it.
    // Counted once per call, not per service: this runs on every worker exit,
    // and the pairwise scan made `down` cubic (7.5 s for 1,000 services).
    std::unordered_map<std::string_view, int> running_dependants;
    for (const auto& other : services_)
      if (other.running())
        for (const auto& dep : other.spec.depends_on) ++running_dependants[dep];
    for (auto it = services_.rbegin(); it != services_.rend(); ++it) {
      if (!it->running()) continue;
      if (auto found = running_dependants.find(it->spec.name); found != running_dependants.end() && found->second > 0)
        continue;
      stop_now(*it);
      if (!it->running())
        for (const auto& dep : it->spec.depends_on) --running_dependants[dep];
    }
    // A dependency cycle would leave everyone waiting: stop them all.
    bool any_stopping = false, any_running = false;
    for (const auto& s : services_) {
      any_running |= s.running();
      any_stopping |= s.state == ServiceState::stopping;
    }
    if (any_running && !any_stopping)
      for (auto& s : services_)
        if (s.running()) stop_now(s);
  }

  for (const auto& s : services_)
    if (s.running()) return;
  if (!stopped_) {
    stopped_ = true;
    observer_.on_event("every worker has stopped");
    observer_.on_stopped();
  }
}

}  // namespace sfsup
