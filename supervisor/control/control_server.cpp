#include "control/control_server.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "control/control_protocol.hpp"
#include "control/status_with_metrics.hpp"
#include "supervision/exit_status.hpp"
#include "supervision/run_plan_json.hpp"

namespace sfsup {

using nlohmann::json;

namespace {
constexpr std::size_t kMaxRequestBytes = 64 * 1024;
constexpr std::chrono::milliseconds kAcceptRetry{200};

std::system_error sys_error(const std::string& what) {
  return std::system_error(errno, std::generic_category(), what);
}
}  // namespace

ControlServer::ControlServer(EventLoop& loop, Supervisor& supervisor, const RunDir& run_dir)
    : loop_(loop), supervisor_(supervisor), run_dir_(run_dir) {
  listen_on_socket();
  spare_fd_.reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
}

void ControlServer::recreate_socket() {
  loop_.unwatch(listen_fd_.get());
  listen_fd_.reset();
  listen_on_socket();
}

void ControlServer::listen_on_socket() {
  // Bound and listening under a temporary name, then renamed into place: a
  // client that sees control.sock can connect (no ECONNREFUSED window).
  const auto final_path = run_dir_.control_socket();
  const auto path = final_path.parent_path() / (final_path.filename().string() + ".new");
  listen_fd_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!listen_fd_) throw sys_error("socket");
  UnixAddress address(path);
  ::unlink(path.c_str());
  // Created 0600 from the start (umask), not chmod-ed after: no window in
  // which another user could connect.
  const mode_t old_umask = ::umask(0177);
  const int bound = ::bind(listen_fd_.get(), address.get(), address.size());
  const int bind_errno = errno;
  ::umask(old_umask);
  if (bound != 0) {
    errno = bind_errno;
    throw sys_error(fmt::format("cannot create the control socket {}", path.string()));
  }
  ::chmod(path.c_str(), 0600);
  if (::listen(listen_fd_.get(), 64) != 0) throw sys_error("listen");
  if (::rename(path.c_str(), final_path.c_str()) != 0)
    throw sys_error(fmt::format("cannot create the control socket {}", final_path.string()));
  loop_.watch(listen_fd_.get(), POLLIN, [this](short) { accept_clients(); });
}

ControlServer::~ControlServer() {
  // The socket goes first: `down` returns when its connection closes, and by
  // then control.sock must be gone (it raced under load: never_hang_test).
  ::unlink(run_dir_.control_socket().c_str());
  loop_.cancel(accept_retry_);
  for (auto& [fd, client] : clients_) loop_.unwatch(fd);
  clients_.clear();
  loop_.unwatch(listen_fd_.get());
  listen_fd_.reset();
}

void ControlServer::accept_clients() {
  for (;;) {
    int fd = ::accept4(listen_fd_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0 && (errno == EMFILE || errno == ENFILE) && spare_fd_) {
      // Out of descriptors (workers hold them): the spare one becomes this
      // client's, so `status` and `down` still get through.
      spare_fd_.reset();
      fd = ::accept4(listen_fd_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    }
    if (fd < 0) {
      // A pending connection we cannot take keeps the socket readable: stop
      // polling it for a while rather than spin; a closing client retries sooner.
      if (errno == EMFILE || errno == ENFILE) pause_accepting();
      return;  // EAGAIN, or a client that gave up already
    }
    clients_[fd].fd.reset(fd);
    loop_.watch(fd, POLLIN, [this, fd](short revents) { on_client(fd, revents); });
  }
}

void ControlServer::pause_accepting() {
  if (accept_retry_) return;
  loop_.set_events(listen_fd_.get(), 0);
  accept_retry_ = loop_.after(kAcceptRetry, [this] {
    accept_retry_ = 0;
    resume_accepting();
  });
}

void ControlServer::resume_accepting() {
  if (!spare_fd_) spare_fd_.reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  loop_.cancel(accept_retry_);
  accept_retry_ = 0;
  loop_.set_events(listen_fd_.get(), POLLIN);
}

void ControlServer::close_client(int fd) {
  loop_.unwatch(fd);
  clients_.erase(fd);
  resume_accepting();  // a descriptor was just freed
}

void ControlServer::on_client(int fd, short revents) {
  auto it = clients_.find(fd);
  if (it == clients_.end()) return;
  Client& c = it->second;
  if (revents & POLLOUT) flush(c);
  if (revents & (POLLIN | POLLHUP | POLLERR)) {
    char buf[4096];
    for (;;) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n > 0) {
        c.in.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) break;
      close_client(fd);  // EOF or error: a waiting request is simply dropped
      return;
    }
    if (c.in.size() > kMaxRequestBytes && c.in.find('\n') == std::string::npos) {
      close_client(fd);
      return;
    }
  }
  handle_lines(c);
}

void ControlServer::handle_lines(Client& c) {
  std::size_t newline;
  while (!c.wait && (newline = c.in.find('\n')) != std::string::npos) {
    const std::string line = c.in.substr(0, newline);
    c.in.erase(0, newline + 1);
    json request;
    try {
      request = json::parse(line);
    } catch (const json::exception&) {
      reply(c, error_response("not a JSON request line"));
      continue;
    }
    handle(c, request);
  }
}

void ControlServer::handle(Client& c, const json& request) {
  const std::string cmd = request.is_object() ? request.value("cmd", "") : "";
  const std::string service =
      request.is_object() && request.contains("service") && request["service"].is_string()
          ? request["service"].get<std::string>()
          : "";

  if (cmd == "status") {
    const bool with_metrics = metrics_ != nullptr && request.value("metrics", false);
    if (with_metrics) {
      // Answered after a round of fresh numbers (`after_round`: the round
      // after that one, so `top` gets one frame per round).
      std::uint64_t round = metrics_->want();
      if (auto after = request.find("after_round"); after != request.end() && after->is_number_unsigned())
        round = std::max(round, after->get<std::uint64_t>() + 1);
      if (metrics_->rounds() < round) {
        c.wait = std::make_unique<Wait>(Wait{Wait::Until::metrics_round, {}, {}, round});
        return;
      }
    }
    reply(c, {{"ok", true}, {"status", status_answer(with_metrics)}});
    return;
  }
  if (cmd == "logs") {
    json logs = json::array();
    for (const auto& s : supervisor_.status())
      logs.push_back({{"service", s.name}, {"file", s.log_file.string()}});
    reply(c, {{"ok", true}, {"logs", logs}});
    return;
  }
  if (cmd == "down") {
    c.wait = std::make_unique<Wait>(Wait{Wait::Until::all_stopped, {}, {}});
    // A second shutdown() would mean "kill now"; `down` during a shutdown
    // just waits for it.
    if (!supervisor_.shutting_down()) supervisor_.shutdown(SIGTERM);
    on_change();
    return;
  }

  if (cmd == "reconcile") {
    RunPlan plan;
    try {
      plan = run_plan_from_json(request.value("plan", json()), "the new plan");
    } catch (const std::exception& e) {
      reply(c, error_response(e.what()));
      return;
    }
    const auto outcome = supervisor_.reconcile(std::move(plan));
    if (outcome.kind == CommandOutcome::Kind::pending) {
      c.wait = std::make_unique<Wait>(Wait{Wait::Until::reconciled, {}, {}});
      on_change();
    } else {
      reply(c, outcome.kind == CommandOutcome::Kind::done ? ok_response(outcome.message)
                                                          : error_response(outcome.message));
    }
    return;
  }

  CommandOutcome outcome;
  Wait::Until until = Wait::Until::ready;
  if (cmd == "stop" || cmd == "start" || cmd == "restart" || cmd == "signal") {
    if (service.empty()) {
      reply(c, error_response(fmt::format("`{}` needs a service name", cmd)));
      return;
    }
  }
  if (cmd == "stop") {
    outcome = supervisor_.stop(service);
    until = Wait::Until::at_rest;
  } else if (cmd == "start") {
    outcome = supervisor_.start(service);
  } else if (cmd == "restart") {
    outcome = supervisor_.restart(service);
  } else if (cmd == "signal") {
    const std::string name = request.value("signal", "");
    const auto sig = parse_signal(name);
    if (!sig) {
      reply(c, error_response(fmt::format(
                   "unknown signal '{}' (use a name like TERM, HUP, USR1, or a number)", name)));
      return;
    }
    outcome = supervisor_.send_signal(service, *sig);
  } else {
    reply(c, error_response(fmt::format(
                 "unknown command '{}' (status, stop, start, restart, signal, logs, down, reconcile)", cmd)));
    return;
  }

  switch (outcome.kind) {
    case CommandOutcome::Kind::error: reply(c, error_response(outcome.message)); break;
    case CommandOutcome::Kind::done: reply(c, ok_response(outcome.message)); break;
    case CommandOutcome::Kind::pending:
      c.wait = std::make_unique<Wait>(Wait{until, service, {}});
      if (cmd == "restart" || cmd == "start") c.wait->note = supervisor_.stale_plan_note().value_or("");
      on_change();  // it may have settled within the call
      break;
  }
}

json ControlServer::status_answer(bool with_metrics) const {
  if (!with_metrics) return status_to_json(supervisor_.plan(), supervisor_.status(), getpid(), supervisor_.shutting_down());
  return status_with_metrics(supervisor_, *metrics_);
}

std::optional<json> ControlServer::wait_result(const Wait& w) const {
  if (w.until == Wait::Until::metrics_round) {
    if (metrics_->rounds() < w.round) return std::nullopt;
    return json{{"ok", true}, {"status", status_answer(true)}};
  }
  if (w.until == Wait::Until::all_stopped) {
    if (supervisor_.stopped()) return ok_response("every service stopped");
    return std::nullopt;
  }
  if (w.until == Wait::Until::reconciled) {
    const auto& outcome = supervisor_.reconcile_outcome();
    if (!outcome) return std::nullopt;
    return outcome->kind == CommandOutcome::Kind::done ? ok_response(outcome->message)
                                                       : error_response(outcome->message);
  }
  const auto state = supervisor_.state_of(w.service);
  if (!state) return error_response(supervisor_.unknown_service(w.service));
  if (w.until == Wait::Until::at_rest) {
    if (!is_at_rest(*state)) return std::nullopt;
    const auto failure = supervisor_.failure_of(w.service);
    return ok_response(fmt::format("{} {}", w.service, failure.reason));
  }
  if (*state == ServiceState::ready) {
    for (const auto& s : supervisor_.status())
      if (s.name == w.service)
        return ok_response(fmt::format("{} ready (pid {})", w.service, s.pid.value_or(0)));
  }
  if (is_at_rest(*state)) return start_failure_to_json(supervisor_.failure_of(w.service));
  return std::nullopt;
}

void ControlServer::on_change() {
  std::vector<int> settled;
  for (auto& [fd, c] : clients_)
    if (c.wait && wait_result(*c.wait)) settled.push_back(fd);
  // Looked up again one by one: answering may start queued requests, which
  // change states, which call on_change() again.
  for (int fd : settled) {
    auto it = clients_.find(fd);
    if (it == clients_.end() || !it->second.wait) continue;
    auto result = wait_result(*it->second.wait);
    if (!result) continue;
    if (!it->second.wait->note.empty() && result->contains("message"))
      (*result)["message"] = (*result)["message"].get<std::string>() + "\n" + it->second.wait->note;
    it->second.wait.reset();
    reply(it->second, *result);
    handle_lines(it->second);
  }
}

void ControlServer::on_stopped() {
  for (auto& [fd, c] : clients_) {
    if (!c.wait) continue;
    auto result = wait_result(*c.wait);
    c.wait.reset();
    reply(c, result ? *result : error_response("the topology went down"));
    if (c.out.empty()) continue;
    // The process exits right after this: finish the answer now, briefly
    // blocking, rather than lose it.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    timeval two_seconds{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &two_seconds, sizeof two_seconds);
    flush(c);
  }
}

void ControlServer::reply(Client& c, const json& response) {
  c.out += response.dump();
  c.out += '\n';
  flush(c);
}

void ControlServer::flush(Client& c) {
  while (!c.out.empty()) {
    const ssize_t n = ::send(c.fd.get(), c.out.data(), c.out.size(), MSG_NOSIGNAL);
    if (n > 0) {
      c.out.erase(0, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      loop_.set_events(c.fd.get(), POLLIN | POLLOUT);
      return;
    }
    c.out.clear();  // the client is gone; its EOF closes the connection
  }
  loop_.set_events(c.fd.get(), POLLIN);
}

}  // namespace sfsup
