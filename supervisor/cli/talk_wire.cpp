#include "cli/talk_wire.hpp"

namespace sfsup::cli {

bool is_delta_state(const TalkEndpoint& endpoint, const nlohmann::json& args) {
  if (endpoint.model) return endpoint.model->type == "delta_update_out";
  if (!args.is_object() || !args.contains("state") || !args.contains("current_num")) return false;
  for (const auto& [key, value] : args.items())
    if (key != "state" && key != "current_num" && key != "is_snapshot") return false;
  return args["state"].is_object() && args["current_num"].is_number_integer();
}

std::string json_line(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace sfsup::cli
