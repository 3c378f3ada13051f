#include "topology/parse_settings.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "signal_names.hpp"
#include "topology/close_match.hpp"

namespace sfsup {

const std::vector<std::string>& setting_keys() {
  static const std::vector<std::string> keys = {
      "restart", "restart_limit", "backoff", "stop_timeout_s", "ready_timeout_s",
      "env",     "log_level",     "transport",      "stop_signal",
      "max_message_bytes", "max_log_line_bytes", "max_subscriptions"};
  return keys;
}

namespace {

// One of a fixed set of words; reported with the closest one otherwise.
std::optional<std::string> read_choice(const MapEntry& entry, const std::vector<std::string>& choices,
                                       Diagnostics& diagnostics) {
  if (entry.value.IsScalar()) {
    std::string word = entry.value.Scalar();
    std::transform(word.begin(), word.end(), word.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (std::find(choices.begin(), choices.end(), word) != choices.end()) return word;
    diagnostics.add(entry.value_mark, fmt::format("'{}' cannot be '{}'; {}", entry.key,
                                                  entry.value.Scalar(),
                                                  suggest(entry.value.Scalar(), choices)));
    return std::nullopt;
  }
  diagnostics.add(entry.value_mark,
                  fmt::format("'{}' must be one word; {}", entry.key, suggest("", choices)));
  return std::nullopt;
}

void read_restart_limit(const MapEntry& entry, const std::string& owner, RestartPolicy& policy,
                        Diagnostics& diagnostics) {
  for (const auto& e : read_map(entry.value, entry.value_mark,
                                fmt::format("'restart_limit' of {}", owner), diagnostics,
                                {"max", "within_s"})) {
    if (e.key == "max") {
      if (auto v = read_integer(e, 0, 1'000'000, diagnostics)) {
        policy.intensity_max_restarts = static_cast<int>(*v);
      }
    } else if (auto ms = read_seconds_as_ms(e, diagnostics)) {
      policy.intensity_period = std::chrono::milliseconds(*ms);
    }
  }
}

void read_backoff(const MapEntry& entry, const std::string& owner, RestartPolicy& policy,
                  Diagnostics& diagnostics) {
  for (const auto& e : read_map(entry.value, entry.value_mark, fmt::format("'backoff' of {}", owner),
                                diagnostics, {"initial_ms", "max_ms"})) {
    auto v = read_integer(e, 0, 3'600'000, diagnostics);
    if (!v) continue;
    // The first restart is immediate (RestartPolicy::backoff_initial); initial_ms
    // is the first real wait, doubled per further restart up to max_ms.
    if (e.key == "initial_ms") policy.backoff_step = std::chrono::milliseconds(*v);
    else policy.backoff_max = std::chrono::milliseconds(*v);
  }
  if (policy.backoff_step > policy.backoff_max) {
    diagnostics.add(entry.key_mark,
                    fmt::format("'backoff' of {} has initial_ms {} above max_ms {}; make "
                                "initial_ms <= max_ms",
                                owner, policy.backoff_step.count(), policy.backoff_max.count()));
  }
}

void read_env(const MapEntry& entry, const std::string& owner, ServiceSettings& settings,
              Diagnostics& diagnostics) {
  for (const auto& e : read_map(entry.value, entry.value_mark, fmt::format("'env' of {}", owner),
                                diagnostics)) {
    const bool valid_name =
        !e.key.empty() && e.key.find('=') == std::string::npos && !std::isdigit(
                                                                      static_cast<unsigned char>(e.key[0]));
    if (!valid_name) {
      diagnostics.add(e.key_mark, fmt::format("'{}' is not an environment variable name; use "
                                              "letters, digits and '_'",
                                              e.key));
    } else if (!e.value.IsScalar()) {
      diagnostics.add(e.value_mark, fmt::format("env '{}' must be a single value; quote it as a "
                                                "string",
                                                e.key));
    } else {
      settings.env[e.key] = e.value.Scalar();
    }
  }
}

}  // namespace

void read_setting(const MapEntry& entry, const std::string& owner, ServiceSettings& settings,
                  Diagnostics& diagnostics) {
  const std::string& key = entry.key;
  if (key == "restart") {
    if (auto mode = read_choice(entry, {"always", "on-failure", "never"}, diagnostics)) {
      settings.restart.mode = *mode == "always"   ? RestartMode::always
                              : *mode == "never" ? RestartMode::never
                                                 : RestartMode::on_failure;
    }
  } else if (key == "restart_limit") {
    read_restart_limit(entry, owner, settings.restart, diagnostics);
  } else if (key == "backoff") {
    read_backoff(entry, owner, settings.restart, diagnostics);
  } else if (key == "stop_timeout_s") {
    if (auto ms = read_seconds_as_ms(entry, diagnostics)) settings.stop_timeout = std::chrono::milliseconds(*ms);
  } else if (key == "ready_timeout_s") {
    if (auto ms = read_seconds_as_ms(entry, diagnostics)) settings.ready_timeout = std::chrono::milliseconds(*ms);
  } else if (key == "env") {
    read_env(entry, owner, settings, diagnostics);
  } else if (key == "log_level") {
    // The worker's console levels: spdlog's names, and Python's WARNING.
    if (auto level = read_choice(entry, {"trace", "debug", "info", "warn", "warning", "error", "critical", "off"},
                                 diagnostics)) {
      settings.log_level = *level == "warning" ? "warn" : *level;
    }
  } else if (key == "stop_signal") {
    const auto sig = entry.value.IsScalar() ? parse_signal(entry.value.Scalar()) : std::nullopt;
    if (sig && *sig != SIGSTOP) {
      settings.stop_signal = *sig;
    } else {
      diagnostics.add(entry.value_mark,
                      fmt::format("'stop_signal' cannot be '{}'; write a signal name or number the "
                                  "worker can exit on, e.g. stop_signal: SIGINT",
                                  entry.value.IsScalar() ? entry.value.Scalar() : "a mapping"));
    }
  } else if (key == "max_message_bytes") {  // docs/hardening.md, "Limits"
    if (auto v = read_integer(entry, 1, 1LL << 40, diagnostics)) settings.max_message_bytes = *v;
  } else if (key == "max_subscriptions") {  // 0: no cap
    if (auto v = read_integer(entry, 0, 1LL << 32, diagnostics)) settings.max_subscriptions = *v;
  } else if (key == "max_log_line_bytes") {
    if (auto v = read_integer(entry, 1, 1LL << 30, diagnostics)) settings.max_log_line_bytes = *v;
  } else if (key == "transport") {
    if (auto t = read_choice(entry, {"ipc", "tcp"}, diagnostics)) {
      settings.transport = *t == "tcp" ? Transport::tcp : Transport::ipc;
    }
  }
}

}  // namespace sfsup
