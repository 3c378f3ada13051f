#include "connections/peer_connections.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/tcp.h>  // struct tcp_info with tcpi_bytes_received (glibc's lacks it)
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace sf::detail {
namespace {

struct Ends {
  sockaddr_storage local{};
  socklen_t local_length = sizeof(sockaddr_storage);
  sockaddr_storage remote{};
  socklen_t remote_length = sizeof(sockaddr_storage);
};

// Both ends of a connected socket; nullopt for listeners and non-sockets.
std::optional<Ends> ends_of(int fd) {
  Ends e;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&e.local), &e.local_length) != 0) return std::nullopt;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&e.remote), &e.remote_length) != 0) return std::nullopt;
  return e;
}

std::string unix_path(const sockaddr_storage& address, socklen_t length) {
  const auto* un = reinterpret_cast<const sockaddr_un*>(&address);
  const std::size_t offset = offsetof(sockaddr_un, sun_path);
  if (length <= offset) return {};
  std::string path(un->sun_path, length - offset);
  if (path[0] == '\0') return "@" + path.substr(1);  // abstract namespace, as ZeroMQ writes it
  return path.substr(0, path.find('\0'));
}

std::string numeric_host(const sockaddr_storage& address, socklen_t length) {
  char host[NI_MAXHOST];
  // The call libzmq makes for its Peer-Address, so both spell an address alike.
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host, sizeof host, nullptr, 0,
                  NI_NUMERICHOST) != 0) {
    return {};
  }
  return host;
}

std::uint16_t port_of(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
  return 0;
}

bool is_wildcard(const std::string& ip) { return ip.empty() || ip == "0.0.0.0" || ip == "::" || ip == "*"; }

bool belongs_to(const Ends& e, const ConnectionAddress& a) {
  const bool local_side = a.bound;  // a bound endpoint is our end; a connected one is theirs
  const sockaddr_storage& ours = local_side ? e.local : e.remote;
  const socklen_t length = local_side ? e.local_length : e.remote_length;
  if (a.unix_socket) return ours.ss_family == AF_UNIX && unix_path(ours, length) == a.path;
  if (ours.ss_family != AF_INET && ours.ss_family != AF_INET6) return false;
  if (port_of(ours) != a.port) return false;
  return is_wildcard(a.ip) || numeric_host(ours, length) == a.ip;
}

bool from_peer(int fd, const Ends& e, std::string_view peer) {
  if (peer.empty()) return true;
  if (e.remote.ss_family == AF_UNIX) {
    ucred cred{};
    socklen_t size = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &size) != 0) return false;
    // libzmq writes "<host>:uid:gid:pid"; the leading ':' anchors the uid.
    const std::string tail = fmt::format(":{}:{}:{}", cred.uid, cred.gid, cred.pid);
    return peer.size() >= tail.size() && peer.substr(peer.size() - tail.size()) == tail;
  }
  return numeric_host(e.remote, e.remote_length) == peer;
}

}  // namespace

std::optional<ConnectionAddress> connection_address(const std::string& endpoint, bool bound) {
  ConnectionAddress a;
  a.bound = bound;
  if (endpoint.rfind("ipc://", 0) == 0) {
    a.unix_socket = true;
    a.path = endpoint.substr(6);
    return a;
  }
  if (endpoint.rfind("tcp://", 0) != 0) return std::nullopt;
  std::string rest = endpoint.substr(6);
  if (const auto semicolon = rest.find(';'); semicolon != std::string::npos) rest = rest.substr(semicolon + 1);
  const auto colon = rest.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  try {
    a.port = static_cast<std::uint16_t>(std::stoul(rest.substr(colon + 1)));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  a.ip = rest.substr(0, colon);
  if (a.ip.size() >= 2 && a.ip.front() == '[' && a.ip.back() == ']') a.ip = a.ip.substr(1, a.ip.size() - 2);
  // A host name: match on the port alone (the name is not what getpeername shows).
  in6_addr scratch{};
  if (inet_pton(AF_INET, a.ip.c_str(), &scratch) != 1 && inet_pton(AF_INET6, a.ip.c_str(), &scratch) != 1) {
    a.ip.clear();
  }
  return a;
}

struct PeerConnections::Candidate {
  int fd;  // our dup, closed by drop()
  ino_t inode;
  bool tcp;
  std::uint64_t bytes_received;
};

std::vector<PeerConnections::Candidate> PeerConnections::candidates(std::string_view peer) {
  std::vector<Candidate> found;
  if (addresses_.empty()) return found;
  std::set<ino_t> still_open;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    int number = -1;
    try {
      number = std::stoi(entry.path().filename().string());
    } catch (const std::exception&) {
      continue;
    }
    const int fd = fcntl(number, F_DUPFD_CLOEXEC, 0);
    if (fd < 0) continue;  // closed meanwhile
    struct stat st{};
    bool keep = false;
    if (fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode)) {
      if (shut_.count(st.st_ino) != 0) {
        still_open.insert(st.st_ino);
      } else if (const auto e = ends_of(fd)) {
        for (const auto& a : addresses_) {
          if (!belongs_to(*e, a) || !from_peer(fd, *e, peer)) continue;
          Candidate c{fd, st.st_ino, !a.unix_socket, 0};
          tcp_info info{};
          socklen_t size = sizeof info;
          if (c.tcp && getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &size) == 0) c.bytes_received = info.tcpi_bytes_received;
          found.push_back(c);
          keep = true;
          break;
        }
      }
    }
    if (!keep) close(fd);
  }
  shut_ = std::move(still_open);  // forget sockets libzmq has closed: their inodes may come back
  return found;
}

int PeerConnections::drop(std::vector<Candidate>& candidates, const std::vector<bool>& chosen) {
  int dropped = 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (chosen[i] && shutdown(candidates[i].fd, SHUT_RDWR) == 0) {
      ++dropped;
      shut_.insert(candidates[i].inode);
    }
    close(candidates[i].fd);
  }
  return dropped;
}

int PeerConnections::shut_down(std::string_view peer, std::uint64_t min_tcp_bytes) {
  auto found = candidates(peer);
  // Over TCP a peer is only an address, which every subscriber on its host
  // shares; what sets the flooder apart is what it sent: subscriptions are
  // all a subscriber sends, so its connection has received the most bytes,
  // and many of them (the others may be what is left once it is gone).
  std::optional<std::size_t> busiest;
  if (!peer.empty()) {
    for (std::size_t i = 0; i < found.size(); ++i) {
      if (found[i].tcp && (!busiest || found[i].bytes_received > found[*busiest].bytes_received)) busiest = i;
    }
    if (busiest && found[*busiest].bytes_received < min_tcp_bytes) busiest.reset();
  }
  std::vector<bool> chosen(found.size());
  for (std::size_t i = 0; i < found.size(); ++i) chosen[i] = peer.empty() || busiest == i || !found[i].tcp;
  return drop(found, chosen);
}

int PeerConnections::shut_down_heaviest(std::string_view peer) {
  if (peer.empty()) return 0;
  auto found = candidates(peer);
  std::vector<std::size_t> tcp;
  std::uint64_t total = 0;
  std::vector<bool> chosen(found.size());
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i].tcp) {
      tcp.push_back(i);
      total += found[i].bytes_received;
    } else {
      chosen[i] = true;
    }
  }
  std::sort(tcp.begin(), tcp.end(),
            [&](std::size_t a, std::size_t b) { return found[a].bytes_received > found[b].bytes_received; });
  std::uint64_t taken = 0;
  for (const std::size_t i : tcp) {
    if (2 * taken >= total) break;
    chosen[i] = true;
    taken += found[i].bytes_received;
  }
  return drop(found, chosen);
}

std::string describe_peer(std::string_view peer) {
  if (peer.empty()) return "every subscriber";
  // "<host>:uid:gid:pid": an ipc peer, named by its process.
  auto digits = [](std::string_view s) { return !s.empty() && s.find_first_not_of("0123456789") == s.npos; };
  const auto last = peer.rfind(':');
  const auto gid = last == 0 || last == peer.npos ? peer.npos : peer.rfind(':', last - 1);
  const auto uid = gid == 0 || gid == peer.npos ? peer.npos : peer.rfind(':', gid - 1);
  if (uid != peer.npos && uid > 0 && digits(peer.substr(last + 1)) && digits(peer.substr(gid + 1, last - gid - 1)) &&
      digits(peer.substr(uid + 1, gid - uid - 1))) {
    return fmt::format("pid {} (uid {})", peer.substr(last + 1), peer.substr(uid + 1, gid - uid - 1));
  }
  return std::string(peer);
}

}  // namespace sf::detail
