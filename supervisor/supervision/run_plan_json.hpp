#pragma once
// A RunPlan as JSON, for `sfsup up --plan FILE`: run an already planned set
// of workers (any programs) without a topology. Tools and tests use it; the
// field names are the WorkerSpec/RestartPolicy members, durations in ms.
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "run_plan.hpp"

namespace sfsup {

struct PlanFormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

nlohmann::json run_plan_to_json(const RunPlan& plan);
// Throws PlanFormatError("<where>: <what is wrong>") naming the field.
RunPlan run_plan_from_json(const nlohmann::json& json, const std::string& where);
RunPlan load_run_plan(const std::filesystem::path& file);

std::optional<RestartMode> parse_restart_mode(std::string_view text);

}  // namespace sfsup
