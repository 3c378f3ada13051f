#pragma once
// What tap and state share about a state's messages on the wire.
#include <string>

#include <nlohmann/json.hpp>

#include "cli/talk_target.hpp"

namespace sfsup::cli {

// Is the state a delta_update_out? From its model; without one (--address),
// from the message: delta args are exactly {state, current_num[, is_snapshot]}.
bool is_delta_state(const TalkEndpoint& endpoint, const nlohmann::json& args);

// A value as one compact JSON line, safe for any bytes a peer sent.
std::string json_line(const nlohmann::json& value);

}  // namespace sfsup::cli
