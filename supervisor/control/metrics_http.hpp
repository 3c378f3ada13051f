#pragma once
// A minimal HTTP/1.1 server inside sfsup's event loop, for `up --metrics`:
// GET only, one response per connection (Connection: close), non-blocking
// sockets watched by the same poll() as everything else.
//
// Hand-rolled on purpose: sfsup has one thread that never blocks (s6
// style), and cpp-httplib, the obvious library, serves each connection on a
// thread of its own. Two read-only paths need none of that.
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "supervision/event_loop.hpp"
#include "supervision/unique_fd.hpp"

namespace sfsup {

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
};

// Throws std::runtime_error (one line: the address and the fix) when
// `address` is not HOST:PORT, or not loopback without `allow_remote`.
void check_metrics_address(const std::string& address, bool allow_remote);

class MetricsHttpServer {
 public:
  using Handler = std::function<HttpResponse(std::string_view path)>;

  // `address` is HOST:PORT (port 0: any free one). Only loopback hosts
  // unless `allow_remote`. Throws std::runtime_error with one line naming
  // the address and the fix.
  MetricsHttpServer(EventLoop& loop, const std::string& address, bool allow_remote, Handler handler);
  ~MetricsHttpServer();
  MetricsHttpServer(const MetricsHttpServer&) = delete;
  MetricsHttpServer& operator=(const MetricsHttpServer&) = delete;

  // http://HOST:PORT/ with the port actually bound.
  const std::string& url() const { return url_; }

 private:
  struct Client {
    UniqueFd fd;
    std::string in;
    std::string out;
    bool answered = false;
    EventLoop::TimerId deadline = 0;
  };
  void accept_clients();
  void on_client(int fd, short revents);
  void answer(Client& c);
  void flush(int fd, Client& c);
  void close_client(int fd);

  EventLoop& loop_;
  Handler handler_;
  UniqueFd listen_fd_;
  std::string url_;
  std::map<int, Client> clients_;
};

}  // namespace sfsup
