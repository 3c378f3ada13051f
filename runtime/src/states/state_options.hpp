#pragma once
// The state arguments the four state types understand (connection_arguments
// on the model, or setup_states), with their defaults. docs/states.md lists them.
#include <chrono>
#include <string>

#include <sf/json.hpp>
#include <sf/model.hpp>

namespace sf::detail {

// Defaults, in one place so docs and code agree.
inline constexpr int kDefaultHighWaterMark = 100000;  // messages; ZeroMQ's 1000 drops bursts
inline constexpr int kDefaultHeartbeatMs = 1000;
inline constexpr int kDefaultSnapshotTimeoutMs = 2000;
inline constexpr int kDefaultMaxBuffered = 100000;

// Accepted arguments per side ("out": publishers, "in": followers).
ArgsModel state_out_options(bool delta);
ArgsModel state_in_options(bool delta);

// `key` as a duration; `fallback` when absent. Throws sf::Error when negative
// (or zero when !zero_allowed), naming the state and the key.
std::chrono::milliseconds option_ms(const Json& options, const char* key, int fallback, bool zero_allowed,
                                    const std::string& label);
int high_water_mark(const Json& options);

}  // namespace sf::detail
