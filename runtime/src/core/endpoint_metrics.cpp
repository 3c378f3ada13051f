#include "core/endpoint_metrics.hpp"

namespace sf::detail {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::malformed: return "malformed";
    case ErrorKind::invalid_args: return "invalid_args";
    case ErrorKind::handler_error: return "handler_error";
    case ErrorKind::timeout: return "timeout";
    case ErrorKind::subscription_cap: return "subscription_cap";
    case ErrorKind::count: break;
  }
  return "error";
}

ErrorKind error_kind_of(std::string_view kind) {
  if (kind == "malformed" || kind == "invalid") return ErrorKind::malformed;  // not our envelope at all
  if (kind == "invalid_args") return ErrorKind::invalid_args;
  if (kind == "timeout") return ErrorKind::timeout;
  if (kind == "subscription_cap") return ErrorKind::subscription_cap;
  return ErrorKind::handler_error;  // handler_error, invalid_return, a peer's own kinds
}

}  // namespace sf::detail
