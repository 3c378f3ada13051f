#pragma once
// Whether two endpoints can be linked: their types pair up (requester with
// replyer, ...) and the receiver's argument model accepts what the sender's
// allows (the runtime rejects undeclared keys, missing required keys and
// mistyped values, so a mismatch here is a runtime error avoided). Types are
// compared by the runtime's own model code (Schema::accepts_all_of): by what
// they accept, not by how they are spelled.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace sfsup {

// The in-type an out-type links to ("requester" -> "replyer"); empty when the
// out-type takes no link (external_target).
std::string peer_in_type(const std::string& out_type);

// Why messages valid under `sender` ({"required","optional"}) would be
// refused under `receiver`; nullopt when every one would be accepted.
// `receiver_name` names the receiving side in the reason.
std::optional<std::string> model_mismatch(const nlohmann::json& sender,
                                          const nlohmann::json& receiver,
                                          const std::string& receiver_name);

}  // namespace sfsup
