#include "support/endpoints.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace sfbench {
namespace {

// Binding port 0 lets the kernel pick an unused port; we release it at once
// for the child to bind. The window in between is tiny and only loopback.
int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("free port: socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("free port: bind to 127.0.0.1:0 failed");
  return ntohs(addr.sin_port);
}

}  // namespace

const char* to_string(Transport transport) { return transport == Transport::ipc ? "ipc" : "tcp"; }

TempDir::TempDir() {
  // SFBENCH_TMPDIR: another folder for the fleets, to tell a file system's
  // cost from sfsup's (docs/performance.md); unset, /tmp as always.
  const char* base = std::getenv("SFBENCH_TMPDIR");
  const std::string where = base && *base ? base : "/tmp";
  std::string pattern = where + "/sfbench.XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed under " + where);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string make_endpoint(Transport transport, const TempDir& dir, std::string_view stem) {
  static int serial = 0;
  if (transport == Transport::ipc) {
    return "ipc://" + (dir.path() / (std::string(stem) + "-" + std::to_string(++serial))).string();
  }
  return "tcp://127.0.0.1:" + std::to_string(free_loopback_port());
}

std::vector<Transport> parse_transports(std::string_view list) {
  std::vector<Transport> transports;
  if (list.find("ipc") != std::string_view::npos) transports.push_back(Transport::ipc);
  if (list.find("tcp") != std::string_view::npos) transports.push_back(Transport::tcp);
  if (transports.empty()) throw std::runtime_error("--transports: ipc, tcp or ipc,tcp");
  return transports;
}

}  // namespace sfbench
