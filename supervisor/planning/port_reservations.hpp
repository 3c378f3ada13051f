#pragma once
// TCP ports sfsup assigned stay a topology's own for its whole life, also
// while the service on them is stopped or restarting (when nothing is bound
// to them): one lock file per port in a per-user directory, flock()ed by the
// supervisor that runs the topology. Another topology's `up` skips locked
// ports when it assigns; the kernel drops the locks however sfsup ends.
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "supervision/unique_fd.hpp"

namespace sfsup {

class PortReservations {
 public:
  // Holds exactly these ports from now on: new ones are locked, others released.
  // A port another supervisor holds is left out (it keeps it).
  void hold(const std::set<int>& ports);
  const std::map<int, UniqueFd>& held() const { return held_; }

 private:
  std::map<int, UniqueFd> held_;
};

// True when some running supervisor (another process) holds `port`.
bool port_is_reserved(int port);
// The 127.0.0.1 TCP ports among `endpoints` ("tcp://127.0.0.1:5555").
std::set<int> loopback_tcp_ports(const std::map<std::string, std::string>& endpoints);
// $SFSUP_PORTS_DIR, else /tmp/sfsup-ports-<uid>.
std::filesystem::path port_reservations_dir();

}  // namespace sfsup
