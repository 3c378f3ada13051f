#pragma once
// The CLI's side of the control socket: connect, send one request line,
// block for its answer line.
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "control/run_dir.hpp"
#include "supervision/unique_fd.hpp"

namespace sfsup {

struct ControlError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ControlClient {
 public:
  // nullopt when nothing listens in `dir` (no socket, or one left behind by
  // a supervisor that was killed).
  static std::optional<ControlClient> connect(const RunDir& dir);

  // Throws ControlError when the supervisor goes away or `timeout` passes.
  nlohmann::json request(const nlohmann::json& request,
                         std::optional<std::chrono::milliseconds> timeout = std::nullopt);
  // True when the supervisor answers a status request within `timeout`
  // (it accepted this connection and is serving it).
  bool answers(std::chrono::milliseconds timeout);
  // Waits until the supervisor closes the connection (it exits).
  void wait_closed();
  int fd() const { return fd_.get(); }

 private:
  explicit ControlClient(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
  std::string buffer_;
};

// "no topology is up in /x/.sfsup (start one with: sfsup up topology.yaml)"
std::string no_topology_message(const RunDir& dir);

}  // namespace sfsup
