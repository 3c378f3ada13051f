// PeerConnections: finding and shutting down the kernel connections behind a
// bound endpoint, with real sockets of this process (docs/hardening.md, "Limits").
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "connections/peer_connections.hpp"

using namespace sf::detail;

namespace {

struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) { REQUIRE(fd >= 0); }
  ~Fd() { if (fd >= 0) close(fd); }
};

// True once the peer of `fd` is gone: readable, and the read sees end of file.
bool sees_end_of_file(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, 5000) != 1) return false;
  char byte;
  return recv(fd, &byte, 1, MSG_DONTWAIT) == 0;
}

bool still_connected(int fd) {
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, 0) == 0;
}

std::string self_peer() { return fmt::format("localhost:{}:{}:{}", getuid(), getgid(), getpid()); }

// A tcp listener on 127.0.0.1 standing in for a bound ZeroMQ socket: each
// connection it opens to itself has sent `bytes`, all read on the listening
// side (the kernel's count of bytes received), as libzmq would have.
struct LoopbackServer {
  Fd listener{socket(AF_INET, SOCK_STREAM, 0)};
  sockaddr_in address{};
  std::vector<std::unique_ptr<Fd>> clients, accepted;

  LoopbackServer() {
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(listener.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(listen(listener.fd, 8) == 0);
    socklen_t length = sizeof address;
    REQUIRE(getsockname(listener.fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  }

  PeerConnections connections() const {
    return PeerConnections({*connection_address(fmt::format("tcp://127.0.0.1:{}", ntohs(address.sin_port)), true)});
  }

  // The client end's fd, which sees end of file once the server end is shut down.
  int connect_sending(std::size_t bytes) {
    clients.push_back(std::make_unique<Fd>(socket(AF_INET, SOCK_STREAM, 0)));
    REQUIRE(connect(clients.back()->fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    accepted.push_back(std::make_unique<Fd>(accept(listener.fd, nullptr, nullptr)));
    const std::string data(bytes, 'f');
    REQUIRE(send(clients.back()->fd, data.data(), data.size(), 0) == static_cast<ssize_t>(data.size()));
    std::string sink(bytes, '\0');
    for (std::size_t got = 0; got < bytes;) {
      const auto n = recv(accepted.back()->fd, sink.data() + got, sink.size() - got, 0);
      REQUIRE(n > 0);
      got += static_cast<std::size_t>(n);
    }
    return clients.back()->fd;
  }
};

}  // namespace

TEST_CASE("endpoints become the addresses their connections show") {
  const auto ipc = connection_address("ipc:///tmp/x/ticks", true);
  REQUIRE(ipc);
  CHECK(ipc->unix_socket);
  CHECK(ipc->path == "/tmp/x/ticks");
  const auto tcp = connection_address("tcp://127.0.0.1:5555", true);
  REQUIRE(tcp);
  CHECK(tcp->ip == "127.0.0.1");
  CHECK(tcp->port == 5555);
  const auto v6 = connection_address("tcp://[::1]:7", false);
  REQUIRE(v6);
  CHECK(v6->ip == "::1");
  CHECK_FALSE(v6->bound);
  CHECK(connection_address("tcp://localhost:9", false)->ip.empty());  // a name: the port decides
  CHECK_FALSE(connection_address("inproc://x", true));
}

TEST_CASE("peers are described by process over ipc and by address over tcp") {
  CHECK(describe_peer("localhost:1000:1000:4242") == "pid 4242 (uid 1000)");
  CHECK(describe_peer("127.0.0.1") == "127.0.0.1");
  CHECK(describe_peer("::1") == "::1");
  CHECK(describe_peer("") == "every subscriber");
}

TEST_CASE("an ipc peer process loses its connections and nobody else does") {
  const auto path = std::filesystem::temp_directory_path() / fmt::format("sf-peers-{}.sock", getpid());
  std::filesystem::remove(path);
  Fd listener(socket(AF_UNIX, SOCK_STREAM, 0));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  REQUIRE(bind(listener.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(listen(listener.fd, 4) == 0);
  Fd client(socket(AF_UNIX, SOCK_STREAM, 0));
  REQUIRE(connect(client.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  Fd accepted(accept(listener.fd, nullptr, nullptr));

  PeerConnections connections({*connection_address("ipc://" + path.string(), true)});
  CHECK(connections.shut_down("localhost:0:0:1") == 0);  // another process
  CHECK(still_connected(client.fd));
  CHECK(connections.shut_down(self_peer()) == 1);
  CHECK(sees_end_of_file(client.fd));
  CHECK(connections.shut_down(self_peer()) == 0);  // already shut, still open: not counted again
  std::filesystem::remove(path);
}

TEST_CASE("over tcp only the connection that received the most bytes is dropped") {
  LoopbackServer server;
  const int quiet = server.connect_sending(3);
  const int busy = server.connect_sending(32 * 1024);

  PeerConnections connections = server.connections();
  CHECK(connections.shut_down("127.0.0.1", 64 * 1024) == 0);  // nobody sent that much
  CHECK(connections.shut_down("127.0.0.1", 16 * 1024) == 1);
  CHECK(sees_end_of_file(busy));
  CHECK(still_connected(quiet));
  CHECK(connections.shut_down("") == 1);  // every connection: the quiet one is left
  CHECK(sees_end_of_file(quiet));
}

TEST_CASE("over tcp a flood split over connections loses its heaviest ones first") {
  LoopbackServer server;
  // Four flooding connections of 8 KiB each and one quiet neighbour.
  const int quiet = server.connect_sending(3);
  std::vector<int> flood;
  for (int i = 0; i < 4; ++i) flood.push_back(server.connect_sending(8 * 1024));

  PeerConnections connections = server.connections();
  CHECK(connections.shut_down("127.0.0.1", 16 * 1024) == 0);  // none big enough to single out
  CHECK(connections.shut_down_heaviest("127.0.0.1") == 3);     // three make up half of 32 KiB + 3 bytes
  CHECK(still_connected(quiet));
  CHECK(connections.shut_down_heaviest("127.0.0.1") == 1);  // the fourth outweighs the neighbour
  CHECK(still_connected(quiet));
  for (const int fd : flood) CHECK(sees_end_of_file(fd));
  CHECK(connections.shut_down_heaviest("") == 0);  // an unknown peer is not this rule's
}
