// How a run ends on its own (compose's --abort-on-container-exit and
// --exit-code-from, and every service having finished) and the exit code
// sfsup leaves with.
#include <signal.h>

#include <fmt/format.h>

#include "supervision/supervisor.hpp"

namespace sfsup {

namespace {

// The shell's convention: a death by signal N reads as 128+N.
int code_of(const ExitStatus& status) { return status.exited() ? status.code() : 128 + status.signal(); }

bool ended_badly(const SupervisedService& s) {
  return s.state == ServiceState::fatal ||
         (s.state == ServiceState::exited && s.last_exit && s.last_exit->failed());
}

}  // namespace

bool Supervisor::abort_on(SupervisedService& s, const ExitStatus& status) {
  if (!exit_policy_.abort_on_exit && exit_policy_.exit_code_from.empty()) return false;
  first_exit_ = s.spec.name;
  rest(s, ServiceState::exited, fmt::format("{}; not restarted (--abort-on-exit)", status.describe()));
  observer_.on_event(fmt::format("{} exited ({}); stopping the topology (--abort-on-exit)", s.spec.name,
                                 status.describe()));
  shutdown(SIGTERM);
  return true;
}

void Supervisor::end_if_finished() {
  if (shutting_down_) return;
  for (const auto& s : services_) {
    if (s.state == ServiceState::exited || s.state == ServiceState::fatal) continue;
    // Waiting on a service that finished: it would never start.
    if (s.waiting && s.state == ServiceState::starting && blocked_by(s)) continue;
    return;
  }
  // Nothing runs and nothing will restart: idling on would help no one.
  observer_.on_event("every service has finished (exited or fatal); nothing is left to supervise");
  shutdown(SIGTERM);
}

int Supervisor::exit_code() const {
  if (!exit_policy_.exit_code_from.empty()) {
    const auto* s = find(exit_policy_.exit_code_from);
    return s && s->last_exit ? code_of(*s->last_exit) : 1;
  }
  if (!first_exit_.empty()) {
    const auto* s = find(first_exit_);
    return s && s->last_exit ? code_of(*s->last_exit) : 1;
  }
  for (const auto& s : services_)
    if (ended_badly(s)) return 1;
  return 0;
}

std::string Supervisor::exit_reason() const {
  if (!exit_policy_.exit_code_from.empty()) {
    const auto* s = find(exit_policy_.exit_code_from);
    return s && s->last_exit ? fmt::format("--exit-code-from {}: it ended with {}", s->spec.name,
                                           s->last_exit->describe())
                             : fmt::format("--exit-code-from {}: it never ran", exit_policy_.exit_code_from);
  }
  if (!first_exit_.empty()) return fmt::format("--abort-on-exit: {} exited first", first_exit_);
  for (const auto& s : services_)
    if (ended_badly(s)) return fmt::format("{} ended {} ({})", s.spec.name, to_string(s.state), s.fate);
  return "every service ended cleanly";
}

}  // namespace sfsup
