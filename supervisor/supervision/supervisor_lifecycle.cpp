// One worker's life: spawn, readiness, output, stop, exit, and what the
// restart policy makes of the exit.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "supervision/duration_text.hpp"
#include "supervision/supervisor.hpp"
#include "supervision/worker_process.hpp"

namespace sfsup {

namespace {
constexpr std::size_t kReadChunk = 64 * 1024;
}

void Supervisor::cancel_timer(SupervisedService& s) {
  loop_.cancel(s.timer);
  s.timer = 0;
}

void Supervisor::drop_pipes(SupervisedService& s) {
  for (UniqueFd* fd : {&s.ready_fd, &s.output_fd}) {
    if (!*fd) continue;
    loop_.unwatch(fd->get());
    fd->reset();
  }
}

void Supervisor::launch(SupervisedService& s) {
  cancel_timer(s);
  // A previous worker's output pipe may still be open (a helper it forked
  // held it); its watch must go before the descriptor does.
  if (s.output_fd) s.log->end_of_output();
  drop_pipes(s);
  s.waiting = false;
  if (s.held_back && bringing_up_) ++bring_up_total_;
  s.held_back = false;  // started after all (sfsup start)
  s.intent = SupervisedService::Intent::run;
  s.ready_timed_out = false;
  s.fate.clear();

  SpawnRequest request{s.spec.argv, s.spec.env, workers_cwd_};
  request.env["SFSUP_SERVICE"] = s.spec.name;
  request.env["SF_STATS_FD"] = std::to_string(kStatsFd);
  try {
    SpawnedWorker worker = spawn_worker(request);
    s.pid = worker.pid;
    s.ready_fd = std::move(worker.ready);
    s.output_fd = std::move(worker.output);
    observer_.on_worker_started(s.spec.name, s.pid, std::move(worker.stats));
  } catch (const std::exception& e) {
    // fork or pipe failed: the system is out of something. Treat it as a
    // failed start so the restart policy (and its limit) applies.
    const std::string why = fmt::format("cannot start {}: {}", s.spec.name, e.what());
    s.log->note(why);
    observer_.on_event(why);
    s.state = ServiceState::starting;
    apply_restart_policy(s, ExitStatus::with_code(127));
    // No exit will follow to re-check bring-up: a service that just went
    // fatal here must still end it, or `up -d` waits forever.
    check_bring_up();
    changed();
    return;
  }
  s.state = ServiceState::starting;
  s.spawned_at = Clock::now();
  s.log->note(fmt::format("started (pid {}): {}", s.pid, fmt::join(s.spec.argv, " ")));
  watch_worker(s);
  s.timer = loop_.after(s.spec.ready_timeout, [this, &s] { on_ready_timeout(s); });
  changed();
}

void Supervisor::watch_worker(SupervisedService& s) {
  // Output first: lines printed before the readiness report land in the log
  // before the "ready" note.
  loop_.watch(s.output_fd.get(), POLLIN, [this, &s, fd = s.output_fd.get()](short) {
    if (s.output_fd.get() == fd) read_output(s);
  });
  loop_.watch(s.ready_fd.get(), POLLIN, [this, &s, fd = s.ready_fd.get()](short) {
    if (s.ready_fd.get() == fd) read_ready(s);
  });
}

void Supervisor::read_ready(SupervisedService& s) {
  char buf[256];
  const ssize_t n = ::read(s.ready_fd.get(), buf, sizeof buf);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (n > 0) {
    // Any write is the readiness report (the worker writes one line). The
    // pipe stays open until the worker closes it, so a second write cannot
    // earn it a SIGPIPE.
    mark_ready(s);
    return;
  }
  // EOF: the worker closed fd 3 (after reporting, or unready: then its exit
  // or the ready timeout follows).
  loop_.unwatch(s.ready_fd.get());
  s.ready_fd.reset();
}

void Supervisor::read_output(SupervisedService& s) {
  char buf[kReadChunk];
  // One chunk per wake-up keeps a chatty worker from starving the others;
  // on_exit() drains the rest.
  const ssize_t n = ::read(s.output_fd.get(), buf, sizeof buf);
  if (n > 0) {
    s.log->feed(std::string_view(buf, static_cast<std::size_t>(n)));
    return;
  }
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  loop_.unwatch(s.output_fd.get());
  s.output_fd.reset();
  s.log->end_of_output();
}

void Supervisor::mark_ready(SupervisedService& s) {
  if (s.state != ServiceState::starting) return;  // e.g. already being stopped
  cancel_timer(s);
  s.state = ServiceState::ready;
  s.log->note(fmt::format("ready (pid {})", s.pid));
  if (bringing_up_ && !s.ever_ready) {
    s.ever_ready = true;
    ++ready_count_;
    observer_.on_event(fmt::format("[{}/{}] {} ready (pid {})", ready_count_, bring_up_total_,
                                   s.spec.name, s.pid));
  } else {
    s.ever_ready = true;
    observer_.on_event(fmt::format("{} ready (pid {})", s.spec.name, s.pid));
  }
  start_waiting();
  check_bring_up();
  changed();
}

void Supervisor::on_ready_timeout(SupervisedService& s) {
  s.timer = 0;
  if (s.state != ServiceState::starting || !s.running()) return;
  const auto why = fmt::format("{} did not report ready within {}; stopping it", s.spec.name,
                               format_delay(s.spec.ready_timeout));
  s.log->note(why);
  observer_.on_event(why);
  s.ready_timed_out = true;
  begin_stop(s, SIGTERM);
}

void Supervisor::begin_stop(SupervisedService& s, int sig) {
  if (!s.running()) return;
  cancel_timer(s);
  if (s.spec.stop_signal) sig = s.spec.stop_signal;  // the topology's `stop_signal:` wins
  ::kill(s.pid, sig);
  s.state = ServiceState::stopping;
  s.log->note(fmt::format("sent {}; SIGKILL in {} if still running", signal_name(sig),
                          format_delay(s.spec.stop_timeout)));
  s.timer = loop_.after(s.spec.stop_timeout, [this, &s] {
    s.timer = 0;
    if (!s.running()) return;
    const auto why = fmt::format("{} still running {} after it was asked to stop; sending SIGKILL",
                                 s.spec.name, format_delay(s.spec.stop_timeout));
    s.log->note(why);
    observer_.on_event(why);
    kill_process_group(s.pid, SIGKILL);
    ::kill(s.pid, SIGKILL);
  });
  changed();
}

void Supervisor::reap_children() {
  int status = 0;
  pid_t pid;
  while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
    for (auto& s : services_) {
      if (s.pid == pid) {
        on_exit(s, ExitStatus(status));
        break;
      }
    }
    // Any other pid is an orphan a worker left behind, handed to us as
    // subreaper: reaping it is all it needs.
  }
}

void Supervisor::on_exit(SupervisedService& s, ExitStatus status) {
  // Its last words first, so the log (and any failure message) has them.
  while (s.output_fd) {
    char buf[kReadChunk];
    const ssize_t n = ::read(s.output_fd.get(), buf, sizeof buf);
    if (n > 0) {
      s.log->feed(std::string_view(buf, static_cast<std::size_t>(n)));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) read_output(s);  // EOF: close and flush the last partial line
    break;  // EAGAIN: a leftover helper still holds the pipe; the kill below ends that
  }
  if (s.ready_fd) {
    // A worker that reported ready and exited at once: the report may sit
    // unread beside the exit (signals are handled first). It still counts.
    char buf[256];
    if (::read(s.ready_fd.get(), buf, sizeof buf) > 0) mark_ready(s);
    loop_.unwatch(s.ready_fd.get());
    s.ready_fd.reset();
  }
  kill_process_group(s.pid, SIGKILL);  // helpers it left behind in its group
  cancel_timer(s);
  s.pid = -1;
  s.last_exit = status;
  s.log->note(fmt::format("exited ({})", status.describe()));

  if (shutting_down_) {
    rest(s, ServiceState::stopped, fmt::format("stopped ({})", status.describe()));
    observer_.on_event(fmt::format("{} stopped ({})", s.spec.name, status.describe()));
    advance_shutdown();
    return;
  }
  switch (s.intent) {
    case SupervisedService::Intent::stop:
      rest(s, ServiceState::stopped, fmt::format("stopped by `sfsup stop` ({})", status.describe()));
      observer_.on_event(fmt::format("{} stopped ({})", s.spec.name, status.describe()));
      break;
    case SupervisedService::Intent::restart:
      observer_.on_event(fmt::format("{} stopped ({}); starting it again", s.spec.name,
                                     status.describe()));
      s.restarts.forgive();
      launch(s);
      break;
    case SupervisedService::Intent::run:
      if (!abort_on(s, status)) apply_restart_policy(s, status);
      break;
  }
  start_waiting();
  check_bring_up();
  changed();
  end_if_finished();
}

void Supervisor::apply_restart_policy(SupervisedService& s, const ExitStatus& status) {
  const auto& policy = s.spec.restart;
  const bool failed = status.failed() || s.ready_timed_out;
  const std::string what = s.ready_timed_out ? fmt::format("no readiness within {} ({})",
                                                           format_delay(s.spec.ready_timeout),
                                                           status.describe())
                                             : status.describe();
  const auto decision = s.restarts.on_exit(policy, failed, Clock::now());
  switch (decision.verdict) {
    case RestartDecision::Verdict::restart:
      if (decision.delay.count() == 0) {
        observer_.on_event(fmt::format("{} exited ({}); restarting (restart {})", s.spec.name,
                                       what, s.restarts.total_restarts()));
        launch(s);
      } else {
        s.state = ServiceState::backoff;
        observer_.on_event(fmt::format("{} exited ({}); restarting in {} (restart {})",
                                       s.spec.name, what, format_delay(decision.delay),
                                       s.restarts.total_restarts()));
        s.timer = loop_.after(decision.delay, [this, &s] {
          s.timer = 0;
          launch(s);
        });
      }
      break;
    case RestartDecision::Verdict::exited: {
      auto fate = fmt::format("{}; not restarted (restart: {})", what, to_string(policy.mode));
      observer_.on_event(fmt::format("{} exited ({}); not restarted (restart: {})", s.spec.name,
                                     what, to_string(policy.mode)));
      rest(s, ServiceState::exited, std::move(fate));
      break;
    }
    case RestartDecision::Verdict::fatal: {
      auto fate = fmt::format("{}; {} restarts within {} already, giving up", what,
                              decision.recent_restarts, format_delay(policy.intensity_period));
      observer_.on_event(fmt::format("{} exited ({}) after {} restarts within {}; giving up (fatal)",
                                     s.spec.name, what, decision.recent_restarts,
                                     format_delay(policy.intensity_period)));
      rest(s, ServiceState::fatal, std::move(fate));
      break;
    }
  }
}

void Supervisor::rest(SupervisedService& s, ServiceState state, std::string fate) {
  cancel_timer(s);
  s.state = state;
  s.fate = std::move(fate);
  changed();
}

}  // namespace sfsup
