#pragma once
// `sfsup status` for people: one row per service, like `docker compose ps`,
// built from the same JSON `status --json` prints.
#include <string>

#include <nlohmann/json.hpp>

namespace sfsup {

// Columns: SERVICE STATE PID UPTIME RESTARTS LAST-EXIT ENDPOINTS. Extra
// endpoints continue on the following lines; a service that is not running
// gets its reason ("exit 1; not restarted ...") below, under its state.
std::string format_status_table(const nlohmann::json& status);

}  // namespace sfsup
