#include "cli/supervisor_host.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <functional>
#include <set>
#include <system_error>

#include <fmt/format.h>

#include "cli/fd_limit.hpp"
#include "control/control_server.hpp"
#include "control/metrics_collector.hpp"
#include "control/metrics_http.hpp"
#include "control/prometheus_text.hpp"
#include "control/status_page.hpp"
#include "control/status_with_metrics.hpp"
#include "control/run_dir_watch.hpp"
#include "supervision/exit_status.hpp"
#include "supervision/signal_events.hpp"

namespace sfsup::cli {

namespace {

// Fans the supervisor's news out to the reporter, the control socket and the loop.
class HostObserver : public SupervisorObserver {
 public:
  HostObserver(Reporter& reporter, EventLoop& loop) : reporter_(reporter), loop_(loop) {}
  void attach(ControlServer* control) { control_ = control; }
  void attach(MetricsCollector* metrics) { metrics_ = metrics; }
  void on_worker_started(std::string_view service, pid_t pid, UniqueFd stats) override {
    if (metrics_) metrics_->add_worker(std::string(service), pid, std::move(stats));
  }

  void on_event(std::string_view line) override { reporter_.event(line); }
  void on_output(std::string_view service, std::string_view line) override {
    reporter_.output(service, line);
  }
  void on_change() override {
    if (control_) control_->on_change();
    if (on_plan_change_) on_plan_change_();
  }
  void follow_plan(std::function<void()> f) { on_plan_change_ = std::move(f); }
  void on_bring_up(const BringUpResult& result) override { reporter_.bring_up(result); }
  void on_stopped() override {
    if (control_) control_->on_stopped();
    loop_.stop();
  }

 private:
  Reporter& reporter_;
  EventLoop& loop_;
  ControlServer* control_ = nullptr;
  MetricsCollector* metrics_ = nullptr;
  std::function<void()> on_plan_change_;
};

// sfsup-assigned ipc sockets live in <run_dir>/ipc or a short /tmp/sfsup-XXXXXX;
// both are ours alone and go with the topology.
void remove_ipc_dir(const RunPlan& plan) {
  if (plan.ipc_dir.empty()) return;
  const bool ours = plan.ipc_dir.parent_path() == plan.run_dir ||
                    (plan.ipc_dir.parent_path() == "/tmp" &&
                     plan.ipc_dir.filename().string().starts_with("sfsup-"));
  std::error_code ignored;
  if (ours) std::filesystem::remove_all(plan.ipc_dir, ignored);
}

constexpr std::chrono::milliseconds kOrphanGrace{2000};

// Reaps any child that has already exited; true while some are still alive.
bool has_children() {
  for (;;) {
    const pid_t pid = ::waitpid(-1, nullptr, WNOHANG);
    if (pid > 0) continue;
    return pid == 0;  // -1: ECHILD, none left
  }
}

std::set<int> tcp_ports_of(const RunPlan& plan) {
  std::set<int> ports;
  for (const auto& w : plan.workers) ports.merge(loopback_tcp_ports(w.endpoints));
  return ports;
}

// `up --metrics`: a server that cannot listen is reported and left out; the
// services still start (the figures stay in `status --json` and `top`).
std::unique_ptr<MetricsHttpServer> start_metrics_server(EventLoop& loop, const Supervisor& supervisor,
                                                        MetricsCollector& metrics, Reporter& reporter) {
  const RunPlan& plan = supervisor.plan();
  if (plan.metrics_address.empty()) return nullptr;
  try {
    auto server = std::make_unique<MetricsHttpServer>(
        loop, plan.metrics_address, plan.metrics_remote, [&supervisor, &metrics](std::string_view path) {
          if (path == "/metrics")
            return HttpResponse{200, "text/plain; version=0.0.4; charset=utf-8",
                                prometheus_text(status_with_metrics(supervisor, metrics))};
          if (path == "/")
            return HttpResponse{200, "text/html; charset=utf-8",
                                status_page_html(status_with_metrics(supervisor, metrics, true))};
          return HttpResponse{404, "text/plain; charset=utf-8", "not found: try / or /metrics\n"};
        });
    metrics.set_url(server->url());
    metrics.keep_collecting();
    reporter.event(fmt::format("metrics at {}metrics, status page at {}", server->url(), server->url()));
    return server;
  } catch (const std::exception& e) {
    reporter.event(fmt::format("{}; serving no metrics page", e.what()));
    return nullptr;
  }
}

}  // namespace

int host_supervisor(RunPlan plan, const RunDir& dir, Reporter& reporter, PortReservations& ports,
                    const ExitPolicy& policy, pid_t companion) {
  plan.run_dir = dir.root;
  const RunPlan kept = plan;
  // Before the first worker: a big topology outgrows the default soft limit.
  if (auto problem = fd_limit_problem(plan, raise_fd_limit())) reporter.event(*problem);
  EventLoop loop;
  HostObserver observer(reporter, loop);
  // Orphans of a worker (helpers it forked) come to us rather than to init,
  // so the SIGCHLD loop reaps them too.
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  int exit_code = 0;
  ControlServer* control_for_metrics = nullptr;
  MetricsCollector metrics(loop, [&] {
    if (control_for_metrics) control_for_metrics->on_change();
  });
  observer.attach(&metrics);
  {
    Supervisor supervisor(std::move(plan), loop, observer);
    supervisor.set_exit_policy(policy);
    SignalEvents signals(loop, {
        .shutdown =
            [&](int sig) {
              if (!supervisor.shutting_down())
                reporter.event(fmt::format("received {}", signal_name(sig)));
              supervisor.shutdown(sig);
            },
        .child =
            [&] {
              supervisor.reap_children();
              if (supervisor.stopped() && !has_children()) loop.stop();
            },
    });
    ControlServer control(loop, supervisor, dir);
    std::unique_ptr<MetricsHttpServer> http = start_metrics_server(loop, supervisor, metrics, reporter);
    observer.attach(&control);
    control.attach_metrics(&metrics);
    control_for_metrics = &control;
    ports.hold(tcp_ports_of(supervisor.plan()));
    RunDirWatch run_dir_watch(loop, dir, {
        .run_dir_gone =
            [&] {
              if (supervisor.shutting_down()) return;
              reporter.event(fmt::format("the run directory {} was deleted: nobody can reach this "
                                         "topology any more, so it stops now",
                                         dir.root.string()));
              supervisor.shutdown(SIGTERM);
            },
        .socket_gone =
            [&] {
              try {
                control.recreate_socket();
                reporter.event(fmt::format("{} was deleted; created it again",
                                           dir.control_socket().string()));
              } catch (const std::exception& e) {
                reporter.event(fmt::format("{} was deleted and cannot be created again ({}); "
                                           "stopping the topology",
                                           dir.control_socket().string(), e.what()));
                supervisor.shutdown(SIGTERM);
              }
            },
    });
    observer.follow_plan([&] {
      auto now = tcp_ports_of(supervisor.plan());
      if (ports.held().size() != now.size()) ports.hold(now);
      else
        for (int port : now)
          if (!ports.held().count(port)) {
            ports.hold(now);
            break;
          }
    });
    supervisor.bring_up();
    loop.run();  // until every worker has stopped
    if (companion > 0) ::kill(companion, SIGTERM);
    // Helpers the workers forked were killed with their process groups and
    // came to us as orphans: reap them too before exiting, but do not hang
    // on one that escaped its group (it goes to init when we exit).
    if (has_children()) {
      loop.resume();
      loop.after(kOrphanGrace, [&] { loop.stop(); });
      loop.run();
    }
    observer.attach(static_cast<ControlServer*>(nullptr));
    control_for_metrics = nullptr;
    observer.follow_plan(nullptr);
    exit_code = supervisor.exit_code();
    if (exit_code != 0)
      reporter.event(fmt::format("sfsup exits with code {}: {}", exit_code, supervisor.exit_reason()));
  }
  remove_ipc_dir(kept);
  return exit_code;
}

}  // namespace sfsup::cli
