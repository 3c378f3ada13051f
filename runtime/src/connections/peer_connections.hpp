#pragma once
// Finding and dropping the kernel connections behind one of our ZeroMQ
// sockets. libzmq gives no handle on a single peer of an XPUB, but every
// connection is a socket fd of this process: the ones whose local address is
// a bound endpoint (or whose remote address is a connected one) belong to
// that ZeroMQ socket. shutdown() on such an fd makes libzmq see the peer
// leave and clean up after it as after any disconnect; the fd stays libzmq's
// to close. Each fd is dup()ed before it is examined, so what is shut down is
// exactly what was checked even if libzmq closes and reuses the number.
#include <cstdint>
#include <sys/types.h>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sf::detail {

// An endpoint one of our sockets bound or connected, as its connections' fds show it.
struct ConnectionAddress {
  bool bound = true;
  bool unix_socket = false;  // ipc://
  std::string path;          // ipc: the socket path ("@name": abstract)
  std::string ip;            // tcp: numeric address; "" or a wildcard matches any
  std::uint16_t port = 0;    // tcp
};

// From ZeroMQ's last endpoint ("ipc:///run/x.ipc", "tcp://127.0.0.1:5555",
// "tcp://[::1]:5555"); nullopt for transports without fds of ours to find (inproc).
std::optional<ConnectionAddress> connection_address(const std::string& endpoint, bool bound);

// The connections of one of our sockets, found by its addresses.
class PeerConnections {
 public:
  explicit PeerConnections(std::vector<ConnectionAddress> addresses) : addresses_(std::move(addresses)) {}

  // Shuts down this process's connections on the addresses whose remote end
  // is `peer`, written as ZeroMQ's Peer-Address property: "<host>:uid:gid:pid"
  // over ipc drops that process's connections; "127.0.0.1" over tcp drops, of
  // that host's connections, the one that received the most bytes, if that is
  // at least `min_tcp_bytes`. Every connection when `peer` is "". Connections
  // this object already shut down (libzmq has not closed them yet) are not
  // counted again. Returns how many were shut down.
  int shut_down(std::string_view peer, std::uint64_t min_tcp_bytes = 0);

  // As shut_down, but over tcp drops that host's heaviest connections, by
  // bytes received, until they make up at least half of what its connections
  // received: a flood split over many small connections goes first, and a
  // quiet neighbour on the same host stays. `peer` may not be "".
  int shut_down_heaviest(std::string_view peer);

 private:
  struct Candidate;
  std::vector<Candidate> candidates(std::string_view peer);
  int drop(std::vector<Candidate>& candidates, const std::vector<bool>& chosen);

  std::vector<ConnectionAddress> addresses_;
  std::set<ino_t> shut_;  // sockets shut down here and still open
};

// "pid 4242 (uid 1000)" for an ipc peer, the address for a tcp one.
std::string describe_peer(std::string_view peer);

}  // namespace sf::detail
