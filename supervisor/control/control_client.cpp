#include "control/control_client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "control/private_dir.hpp"
#include "control/unix_address.hpp"

namespace sfsup {

using nlohmann::json;

std::string no_topology_message(const RunDir& dir) {
  return fmt::format("no topology is up in {} (start one with: sfsup up topology.yaml)",
                     dir.root.string());
}

std::optional<ControlClient> ControlClient::connect(const RunDir& dir) {
  // The run directory and control.sock are held to `up`'s rules: a socket
  // reached through a planted link could answer as the supervisor (and name
  // the files `logs` then reads).
  const auto run = PrivateDir::open_existing_dir(dir.root);
  const std::string name = dir.control_socket().filename().string();
  if (!run || !run->has_own_socket(name)) return std::nullopt;
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) throw ControlError(fmt::format("cannot create a socket: {}", strerror(errno)));
  UnixAddress address(run->fd(), name);
  if (::connect(fd.get(), address.get(), address.size()) != 0) {
    if (errno == ENOENT || errno == ECONNREFUSED) return std::nullopt;
    throw ControlError(fmt::format("cannot connect to {}: {}", dir.control_socket().string(),
                                   strerror(errno)));
  }
  return ControlClient(std::move(fd));
}

json ControlClient::request(const json& request,
                            std::optional<std::chrono::milliseconds> timeout) {
  std::string line = request.dump() + "\n";
  std::string_view rest = line;
  while (!rest.empty()) {
    const ssize_t n = ::send(fd_.get(), rest.data(), rest.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw ControlError("the supervisor closed the control connection");
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  const auto deadline = timeout ? std::chrono::steady_clock::now() + *timeout
                                : std::chrono::steady_clock::time_point::max();
  for (;;) {
    if (auto newline = buffer_.find('\n'); newline != std::string::npos) {
      std::string answer = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      try {
        return json::parse(answer);
      } catch (const json::exception&) {
        throw ControlError("the supervisor sent an answer that is not JSON");
      }
    }
    int wait_ms = -1;
    if (timeout) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) throw ControlError("the supervisor did not answer in time");
      wait_ms = static_cast<int>(left.count());
    }
    pollfd p{fd_.get(), POLLIN, 0};
    if (::poll(&p, 1, wait_ms) < 0 && errno != EINTR)
      throw ControlError(fmt::format("poll: {}", strerror(errno)));
    if (p.revents == 0) continue;
    char buf[65536];
    const ssize_t n = ::recv(fd_.get(), buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw ControlError("the supervisor went away before answering");
    buffer_.append(buf, static_cast<std::size_t>(n));
  }
}

bool ControlClient::answers(std::chrono::milliseconds timeout) {
  try {
    return request({{"cmd", "status"}}, timeout).value("ok", false);
  } catch (const ControlError&) {
    return false;
  }
}

void ControlClient::wait_closed() {
  char buf[4096];
  for (;;) {
    const ssize_t n = ::recv(fd_.get(), buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
  }
}

}  // namespace sfsup
