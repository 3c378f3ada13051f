#pragma once
// The states a supervised service moves through; the names are what
// `sfsup status` shows and what docs/supervisor.md documents.
#include <optional>
#include <string_view>

namespace sfsup {

enum class ServiceState {
  starting,  // waiting for its dependencies, or spawned and not ready yet
  ready,     // the worker reported readiness on fd 3
  backoff,   // exited; waiting out the restart delay
  stopping,  // signalled; SIGKILL follows after stop_timeout
  stopped,   // stopped on purpose (sfsup stop / down); not restarted
  exited,    // exited on its own and its restart policy says "leave it"
  fatal,     // restarted too often (intensity limit); given up on
};

std::string_view to_string(ServiceState state);
std::optional<ServiceState> parse_service_state(std::string_view text);

// True for the states in which no process exists and none is scheduled.
bool is_at_rest(ServiceState state);

}  // namespace sfsup
