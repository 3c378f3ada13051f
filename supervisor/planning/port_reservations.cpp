#include "planning/port_reservations.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <system_error>

#include <fmt/format.h>

namespace sfsup {

std::filesystem::path port_reservations_dir() {
  if (const char* env = std::getenv("SFSUP_PORTS_DIR"); env && *env) return env;
  return fmt::format("/tmp/sfsup-ports-{}", ::getuid());
}

namespace {

UniqueFd open_port_file(int port) {
  const auto dir = port_reservations_dir();
  ::mkdir(dir.c_str(), 0700);
  return UniqueFd(::open((dir / std::to_string(port)).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
}

}  // namespace

bool port_is_reserved(int port) {
  UniqueFd fd = open_port_file(port);
  if (!fd) return false;  // no registry to consult: the bind probe still applies
  // A shared lock succeeds unless a supervisor holds the exclusive one.
  return ::flock(fd.get(), LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
}

void PortReservations::hold(const std::set<int>& ports) {
  for (auto it = held_.begin(); it != held_.end();)
    it = ports.count(it->first) ? std::next(it) : held_.erase(it);
  for (int port : ports) {
    if (held_.count(port)) continue;
    UniqueFd fd = open_port_file(port);
    if (fd && ::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) held_.emplace(port, std::move(fd));
  }
}

std::set<int> loopback_tcp_ports(const std::map<std::string, std::string>& endpoints) {
  std::set<int> ports;
  constexpr std::string_view prefix = "tcp://127.0.0.1:";
  for (const auto& [label, endpoint] : endpoints) {
    if (!endpoint.starts_with(prefix)) continue;
    int port = 0;
    const char* begin = endpoint.data() + prefix.size();
    if (std::from_chars(begin, endpoint.data() + endpoint.size(), port).ec == std::errc() && port > 0)
      ports.insert(port);
  }
  return ports;
}

}  // namespace sfsup
