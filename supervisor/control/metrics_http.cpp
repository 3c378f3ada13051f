#include "control/metrics_http.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace sfsup {

namespace {

constexpr std::size_t kMaxRequestBytes = 16 * 1024;
constexpr std::size_t kMaxClients = 64;
constexpr std::chrono::seconds kClientTimeout{10};

const char* reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    default: return "Error";
  }
}

sockaddr_in parse_address(const std::string& address, bool allow_remote) {
  const auto colon = address.rfind(':');
  auto fail = [&](const std::string& why) {
    return std::runtime_error(fmt::format("metrics address {}: {}", address, why));
  };
  if (colon == std::string::npos) throw fail("write HOST:PORT, e.g. 127.0.0.1:9464");
  std::string host = address.substr(0, colon);
  const std::string port_text = address.substr(colon + 1);
  int port = -1;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535)
    throw fail("the port must be a number from 0 to 65535, e.g. 127.0.0.1:9464");
  if (host.empty() || host == "localhost") host = "127.0.0.1";
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &sa.sin_addr) != 1)
    throw fail("the host must be an IPv4 address or localhost, e.g. 127.0.0.1:9464");
  const bool loopback = (ntohl(sa.sin_addr.s_addr) >> 24) == 127;
  if (!loopback && !allow_remote)
    throw fail("not a loopback address; the page shows every service's figures and log lines, so "
               "serving it beyond this machine needs up --metrics-remote (or, in the topology, "
               "metrics: {address: ..., remote: true})");
  return sa;
}

}  // namespace

void check_metrics_address(const std::string& address, bool allow_remote) { parse_address(address, allow_remote); }

MetricsHttpServer::MetricsHttpServer(EventLoop& loop, const std::string& address, bool allow_remote,
                                     Handler handler)
    : loop_(loop), handler_(std::move(handler)) {
  sockaddr_in sa = parse_address(address, allow_remote);
  listen_fd_.reset(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!listen_fd_) throw std::runtime_error(fmt::format("metrics address {}: socket: {}", address, std::strerror(errno)));
  const int one = 1;
  ::setsockopt(listen_fd_.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(listen_fd_.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
      ::listen(listen_fd_.get(), 64) != 0)
    throw std::runtime_error(fmt::format("metrics address {}: cannot listen there: {} (pick another port, or 0 for any)",
                                         address, std::strerror(errno)));
  socklen_t len = sizeof sa;
  ::getsockname(listen_fd_.get(), reinterpret_cast<sockaddr*>(&sa), &len);
  char host[INET_ADDRSTRLEN] = "";
  ::inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
  url_ = fmt::format("http://{}:{}/", host, ntohs(sa.sin_port));
  loop_.watch(listen_fd_.get(), POLLIN, [this](short) { accept_clients(); });
}

MetricsHttpServer::~MetricsHttpServer() {
  for (auto& [fd, c] : clients_) {
    loop_.cancel(c.deadline);
    loop_.unwatch(fd);
  }
  clients_.clear();
  loop_.unwatch(listen_fd_.get());
}

void MetricsHttpServer::accept_clients() {
  for (;;) {
    const int fd = ::accept4(listen_fd_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN, or out of descriptors: the client retries
    if (clients_.size() >= kMaxClients) {
      ::close(fd);  // a scraper or a browser needs a few, not hundreds
      continue;
    }
    Client& c = clients_[fd];
    c.fd.reset(fd);
    // A client that never finishes its request must not hold a slot forever.
    c.deadline = loop_.after(kClientTimeout, [this, fd] {
      auto it = clients_.find(fd);
      if (it == clients_.end()) return;
      it->second.deadline = 0;
      close_client(fd);
    });
    loop_.watch(fd, POLLIN, [this, fd](short revents) { on_client(fd, revents); });
  }
}

void MetricsHttpServer::close_client(int fd) {
  auto it = clients_.find(fd);
  if (it == clients_.end()) return;
  loop_.cancel(it->second.deadline);
  loop_.unwatch(fd);
  clients_.erase(it);
}

void MetricsHttpServer::on_client(int fd, short revents) {
  auto it = clients_.find(fd);
  if (it == clients_.end()) return;
  Client& c = it->second;
  if (!c.answered && (revents & (POLLIN | POLLHUP | POLLERR))) {
    char buf[4096];
    for (;;) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n > 0) {
        c.in.append(buf, static_cast<std::size_t>(n));
        if (c.in.size() > kMaxRequestBytes) break;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) break;
      close_client(fd);  // gone before asking
      return;
    }
    if (c.in.find("\r\n\r\n") != std::string::npos || c.in.size() > kMaxRequestBytes) answer(c);
  }
  if (c.answered) flush(fd, c);
}

void MetricsHttpServer::answer(Client& c) {
  c.answered = true;
  HttpResponse response;
  const auto line_end = c.in.find("\r\n");
  const std::string line = c.in.substr(0, line_end);
  const auto sp1 = line.find(' ');
  const auto sp2 = sp1 == std::string::npos ? std::string::npos : line.find(' ', sp1 + 1);
  if (c.in.size() > kMaxRequestBytes || sp2 == std::string::npos) {
    response = {400, "text/plain; charset=utf-8", "a request line is: GET /path HTTP/1.1\n"};
  } else if (line.substr(0, sp1) != "GET") {
    response = {405, "text/plain; charset=utf-8", "read-only: only GET is served\n"};
  } else {
    std::string path = line.substr(sp1 + 1, sp2 - sp1 - 1);
    if (auto q = path.find('?'); q != std::string::npos) path.resize(q);
    response = handler_(path);
  }
  c.out = fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n"
      "Connection: close\r\n{}\r\n{}",
      response.status, reason(response.status), response.content_type, response.body.size(),
      response.status == 405 ? "Allow: GET\r\n" : "", response.body);
  loop_.set_events(c.fd.get(), POLLOUT);
}

void MetricsHttpServer::flush(int fd, Client& c) {
  while (!c.out.empty()) {
    const ssize_t n = ::send(fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
    if (n > 0) {
      c.out.erase(0, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;  // POLLOUT brings us back
    break;  // the client left
  }
  ::shutdown(fd, SHUT_WR);
  close_client(fd);
}

}  // namespace sfsup
