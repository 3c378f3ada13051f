#include "supervision/service_state.hpp"

#include <array>
#include <utility>

namespace sfsup {

namespace {
constexpr std::array<std::pair<ServiceState, std::string_view>, 7> kNames{{
    {ServiceState::starting, "starting"},
    {ServiceState::ready, "ready"},
    {ServiceState::backoff, "backoff"},
    {ServiceState::stopping, "stopping"},
    {ServiceState::stopped, "stopped"},
    {ServiceState::exited, "exited"},
    {ServiceState::fatal, "fatal"},
}};
}  // namespace

std::string_view to_string(ServiceState state) {
  for (const auto& [value, name] : kNames)
    if (value == state) return name;
  return "unknown";
}

std::optional<ServiceState> parse_service_state(std::string_view text) {
  for (const auto& [value, name] : kNames)
    if (name == text) return value;
  return std::nullopt;
}

bool is_at_rest(ServiceState state) {
  return state == ServiceState::stopped || state == ServiceState::exited ||
         state == ServiceState::fatal;
}

}  // namespace sfsup
