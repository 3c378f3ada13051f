// sfsup top: the services' live figures, one frame per metrics round (about
// once a second), until q. The supervisor paces the frames: each request
// asks for the round after the one last shown, so top never sleeps and never
// shows the same numbers twice.
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/run_dir_choice.hpp"
#include "control/control_client.hpp"
#include "control/top_table.hpp"

namespace sfsup::cli {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

volatile sig_atomic_t g_quit_signal = 0;
void on_quit_signal(int sig) { g_quit_signal = sig; }

// Raw keys (no line buffering, no echo) while top runs; the terminal is put
// back however top ends: q, a signal, or an exception.
class RawTerminal {
 public:
  RawTerminal() {
    if (!::isatty(STDIN_FILENO) || ::tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios raw = saved_;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);  // ISIG stays: Ctrl-C still quits
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    active_ = ::tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
  }
  ~RawTerminal() {
    if (active_) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
  }
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

// One status request with the workers' figures, for the round after `after`.
json ask(ControlClient& client, std::optional<std::uint64_t> after) {
  json request = {{"cmd", "status"}, {"metrics", true}};
  if (after) request["after_round"] = *after;
  json answer = client.request(request, 10'000ms);
  if (!answer.value("ok", false))
    throw ControlError(answer.value("error", "the supervisor refused the status request"));
  return answer["status"];
}

// Every running worker has answered twice, so its rates are known.
bool has_rates(const json& status) {
  for (const auto& s : status.value("services", json::array())) {
    if (!s.value("pid", json()).is_number()) continue;
    const json m = s.value("metrics", json());
    if (!m.is_object() || !m.contains("messages_in_per_s") || m["messages_in_per_s"].is_null()) return false;
  }
  return true;
}

std::string frame(const json& status, const std::string& sort) {
  const std::time_t now = std::time(nullptr);
  char clock[16];
  std::strftime(clock, sizeof clock, "%H:%M:%S", std::localtime(&now));
  return fmt::format("sfsup top - {} - {} services - {} (sorted by {}; q quits)\n{}",
                     status.value("topology", "?"), status.value("services", json::array()).size(), clock, sort,
                     *format_top_table(status, sort));
}

// Waits for the answer to a request already sent, watching the keyboard too.
// nullopt: the user quit.
std::optional<json> wait_for_answer(ControlClient& client, std::string& buffer) {
  for (;;) {
    if (g_quit_signal) return std::nullopt;
    if (auto nl = buffer.find('\n'); nl != std::string::npos) {
      json answer = json::parse(buffer.substr(0, nl));
      buffer.erase(0, nl + 1);
      if (!answer.value("ok", false))
        throw ControlError(answer.value("error", "the supervisor refused the status request"));
      return answer["status"];
    }
    pollfd fds[2] = {{client.fd(), POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
    const int n = ::poll(fds, 2, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw ControlError("poll failed");
    if (fds[1].revents & POLLIN) {
      char key = 0;
      if (::read(STDIN_FILENO, &key, 1) == 1 && (key == 'q' || key == 'Q')) return std::nullopt;
    }
    if (fds[1].revents & (POLLHUP | POLLERR)) fds[1].fd = -1;
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      char chunk[65536];
      const ssize_t got = ::recv(client.fd(), chunk, sizeof chunk, 0);
      if (got <= 0) throw ControlError("the supervisor went away (the topology is down)");
      buffer.append(chunk, static_cast<std::size_t>(got));
    }
  }
}

}  // namespace

int run_top(const Options& options) {
  if (!format_top_table(json::object(), options.sort)) {
    fmt::print(stderr, "sfsup: --sort {}: unknown key (keys: {})\n", options.sort, fmt::join(top_sort_keys(), ", "));
    return kExitUsage;
  }
  const RunDir dir = run_dir_for(options);
  auto client = ControlClient::connect(dir);
  if (!client) {
    fmt::print(stderr, "sfsup: {}\n", no_topology_message(dir));
    return kExitNoSupervisor;
  }
  if (options.once) {
    json status = ask(*client, std::nullopt);
    // Rates need two answers from each worker: when nobody was watching (or
    // a worker just started), wait for the next rounds, a few at most.
    for (int round = 0; round < 3 && !has_rates(status); ++round)
      status = ask(*client, status.value("metrics_round", std::uint64_t{0}));
    fmt::print("{}", frame(status, options.sort));
    return 0;
  }

  struct sigaction quit {};
  quit.sa_handler = on_quit_signal;  // no SA_RESTART: poll returns, the terminal is restored
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &quit, nullptr);
  RawTerminal raw;
  std::string buffer;
  std::optional<std::uint64_t> shown;
  for (;;) {
    json request = {{"cmd", "status"}, {"metrics", true}};
    if (shown) request["after_round"] = *shown;
    const std::string line = request.dump() + "\n";
    if (::send(client->fd(), line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size()))
      throw ControlError("the supervisor went away (the topology is down)");
    auto status = wait_for_answer(*client, buffer);
    if (!status) break;
    shown = status->value("metrics_round", std::uint64_t{0});
    // Home and clear, then the frame: a terminal shows it in place.
    fmt::print("\x1b[H\x1b[2J{}", frame(*status, options.sort));
    std::fflush(stdout);
  }
  fmt::print("\n");
  return 0;
}

}  // namespace sfsup::cli
