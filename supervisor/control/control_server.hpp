#pragma once
// Serves the control socket on the supervisor's event loop. Requests that
// take time (stop, start, restart, down) are answered when the service's
// state settles, without blocking anything else: the connection waits in a
// list that is re-checked on every state change.
#include <sys/types.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "control/metrics_collector.hpp"
#include "control/run_dir.hpp"
#include "control/unix_address.hpp"
#include "supervision/event_loop.hpp"
#include "supervision/supervisor.hpp"
#include "supervision/unique_fd.hpp"

namespace sfsup {

class ControlServer {
 public:
  // Binds <run_dir>/control.sock with mode 0600 (replacing a stale socket:
  // the caller holds the InstanceLock, so no live supervisor owns it).
  ControlServer(EventLoop& loop, Supervisor& supervisor, const RunDir& run_dir);
  ~ControlServer();  // removes the socket file
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  // Call on every supervisor state change: answers waits that are over.
  void on_change();
  // Shutdown finished: answers `down` (synchronously; the process exits next).
  void on_stopped();
  // The socket file was deleted: bind a new one (throws like the constructor).
  void recreate_socket();
  // Where `status` with "metrics": true gets each worker's counters.
  void attach_metrics(MetricsCollector* metrics) { metrics_ = metrics; }

 private:
  struct Wait {
    enum class Until { at_rest, ready, all_stopped, reconciled, metrics_round } until;
    std::string service;
    std::string note;  // added to the answer (restart with an edited topology)
    std::uint64_t round = 0;  // metrics_round: answered once the collector has done this many
  };
  struct Client {
    UniqueFd fd;
    std::string in;
    std::string out;
    std::unique_ptr<Wait> wait;  // a request being worked on; others queue in `in`
  };

  void listen_on_socket();
  void accept_clients();
  void pause_accepting();
  void resume_accepting();
  void on_client(int fd, short revents);
  void handle_lines(Client& c);
  void handle(Client& c, const nlohmann::json& request);
  void reply(Client& c, const nlohmann::json& response);
  void flush(Client& c);
  void close_client(int fd);
  std::optional<nlohmann::json> wait_result(const Wait& w) const;
  nlohmann::json status_answer(bool with_metrics) const;

  EventLoop& loop_;
  Supervisor& supervisor_;
  RunDir run_dir_;
  UniqueFd listen_fd_;
  // Held open so one more client can be accepted when the process is out of
  // descriptors (EMFILE); re-taken whenever a client leaves.
  UniqueFd spare_fd_;
  EventLoop::TimerId accept_retry_ = 0;
  std::map<int, Client> clients_;
  MetricsCollector* metrics_ = nullptr;
};

}  // namespace sfsup
