// `sfsup up` on a running topology: compare the new plan with the running
// one and act on the difference only (compose `up -d`, supervisord `update`).
//   1. stop removed and changed services (dependants first, as `down` does);
//   2. once they are gone, swap in the new plan's order and specs;
//   3. start changed and new services as their dependencies become ready;
//   4. answer with what was done.
#include <signal.h>

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "supervision/plan_digest.hpp"
#include "supervision/plural.hpp"
#include "supervision/supervisor.hpp"
#include "supervision/supervisor_reconciliation.hpp"

namespace sfsup {

namespace {

bool in(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

CommandOutcome Supervisor::reconcile(RunPlan plan) {
  if (shutting_down_) return CommandOutcome::error("the topology is shutting down");
  if (reconciliation_)
    return CommandOutcome::error("another `sfsup up` is being applied; try again when it returns");
  reconcile_outcome_.reset();

  auto r = std::make_unique<Reconciliation>();
  // `up <service>...` acts on those services and their dependencies only.
  std::set<std::string> scope;
  for (const auto& w : plan.workers) scope.insert(w.name);
  if (!plan.start_only.empty()) {
    std::set<std::string> wanted(plan.start_only.begin(), plan.start_only.end());
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& w : plan.workers)
        if (wanted.count(w.name))
          for (const auto& dep : w.depends_on) grew |= wanted.insert(dep).second;
    }
    scope = wanted;
  }

  take_missing_digests();  // bring_up took them; a supervisor never brought up has none yet
  for (auto& spec : plan.workers) {
    if (spec.log_file.empty()) spec.log_file = plan_.run_dir / "logs" / (spec.name + ".log");
    if (!scope.count(spec.name)) continue;
    const auto* running = find(spec.name);
    if (!running) {
      r->added.push_back(spec.name);
      continue;
    }
    auto why = plan_differences(running->digest, plan_digest(spec));
    if (!why.empty())
      r->changed[spec.name] = std::move(why);
    else if (is_at_rest(running->state) && !plan.start_only.empty())
      r->woken.push_back(spec.name);
  }
  if (plan.start_only.empty())
    for (const auto& s : services_)
      if (!scope.count(s.spec.name)) r->removed.push_back(s.spec.name);

  if (r->removed.empty() && r->changed.empty() && r->added.empty() && r->woken.empty())
    return CommandOutcome::done(fmt::format("nothing changed: {} of '{}' run{} as planned",
                                            count_of(static_cast<long long>(services_.size()), "service"),
                                            plan_.name, services_.size() == 1 ? "s" : ""));

  r->plan = std::move(plan);
  reconciliation_ = std::move(r);
  // Dependants first, as `down` stops them: the old plan's order reversed.
  for (auto it = services_.rbegin(); it != services_.rend(); ++it) {
    auto& s = *it;
    if (!in(reconciliation_->removed, s.spec.name) && !reconciliation_->changed.count(s.spec.name))
      continue;
    if (s.running()) {
      s.intent = SupervisedService::Intent::stop;
      if (s.state != ServiceState::stopping) begin_stop(s, SIGTERM);
    } else if (!is_at_rest(s.state)) {  // waiting for dependencies, or in backoff
      s.waiting = false;
      rest(s, ServiceState::stopped, "stopped to apply `sfsup up`");
    }
  }
  advance_reconciliation();
  return CommandOutcome::pending();
}

void Supervisor::advance_reconciliation() {
  if (!reconciliation_) return;
  auto& r = *reconciliation_;
  if (!r.applied) {
    for (const auto& s : services_)
      if ((in(r.removed, s.spec.name) || r.changed.count(s.spec.name)) && s.running()) return;
    if (r.apply_scheduled) return;
    // Not from inside whatever state change called us (it may be iterating
    // the services): from the loop, at once.
    r.apply_scheduled = true;
    loop_.after(std::chrono::milliseconds(0), [this] { apply_reconciliation(); });
    return;
  }
  auto settled = [&](const std::string& name) {
    const auto* s = find(name);
    if (!s) return true;
    if (s->state == ServiceState::ready || is_at_rest(s->state)) return true;
    return s->waiting && s->state == ServiceState::starting && blocked_by(*s).has_value();
  };
  for (const auto& [name, why] : r.changed)
    if (!settled(name)) return;
  for (const auto& name : r.added)
    if (!settled(name)) return;
  for (const auto& name : r.woken)
    if (!settled(name)) return;
  finish_reconciliation();
}

void Supervisor::apply_reconciliation() {
  if (!reconciliation_ || shutting_down_) {
    reconciliation_.reset();
    if (shutting_down_) reconcile_outcome_ = CommandOutcome::error("the topology is shutting down");
    return;
  }
  auto& r = *reconciliation_;
  // 1. drop the removed services (they are at rest by now).
  for (auto it = services_.begin(); it != services_.end();) {
    if (!in(r.removed, it->spec.name)) {
      ++it;
      continue;
    }
    if (it->output_fd) it->log->end_of_output();
    drop_pipes(*it);
    cancel_timer(*it);
    it = services_.erase(it);
  }
  // 2. new specs for the changed, entries for the added; then the new order.
  std::list<SupervisedService> ordered;
  for (const auto& spec : r.plan.workers) {
    auto it = std::find_if(services_.begin(), services_.end(),
                           [&](const SupervisedService& s) { return s.spec.name == spec.name; });
    if (it == services_.end()) {
      ordered.push_back(make_service(spec));
      continue;
    }
    if (r.changed.count(spec.name)) {
      it->spec = spec;
      it->digest = plan_digest(spec);
      it->state = ServiceState::starting;
      it->waiting = true;
      it->held_back = false;
      it->ever_ready = false;
      it->fate.clear();
      it->restarts.forgive();
    }
    ordered.splice(ordered.end(), services_, it);
  }
  ordered.splice(ordered.end(), services_);  // out of scope of `up <service>...`: kept as they are
  services_.swap(ordered);

  const RunPlan old = plan_;
  plan_ = std::move(r.plan);
  std::error_code ec;
  if (!plan_.topology_file.empty())
    planned_topology_time_ = std::filesystem::last_write_time(plan_.topology_file, ec);
  plan_.run_dir = old.run_dir;
  plan_.workers.clear();
  for (const auto& s : services_) plan_.workers.push_back(s.spec);
  r.applied = true;

  for (const auto& name : r.woken)
    if (auto* s = find(name); s && is_at_rest(s->state)) {
      s->restarts.forgive();
      launch(*s);
    }
  start_waiting();
  changed();
}

void Supervisor::finish_reconciliation() {
  auto r = std::move(reconciliation_);
  std::string lines;
  bool ok = true;
  auto outcome_of = [&](const std::string& name, const std::string& what) {
    const auto* s = find(name);
    if (s && s->state == ServiceState::ready) {
      lines += fmt::format("{} (pid {})\n", what, s->pid);
      return;
    }
    ok = false;
    lines += fmt::format("{}, but it is not ready: {}\n", what, failure_of(name).reason);
  };
  for (const auto& name : r->removed) lines += fmt::format("stopped {} (removed from the topology)\n", name);
  for (const auto& [name, why] : r->changed)
    outcome_of(name, fmt::format("restarted {} ({} changed)", name, fmt::join(why, ", ")));
  for (const auto& name : r->added) outcome_of(name, fmt::format("started {} (new)", name));
  for (const auto& name : r->woken) outcome_of(name, fmt::format("started {}", name));
  if (!lines.empty()) lines.pop_back();
  reconcile_outcome_ = ok ? CommandOutcome::done(lines) : CommandOutcome::error(lines);
  observer_.on_event(lines);
  observer_.on_change();
}

}  // namespace sfsup
