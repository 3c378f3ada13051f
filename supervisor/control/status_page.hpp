#pragma once
// The metrics server's page at /: the `top` table as HTML, one row per
// service (id "service-NAME"), each with its last log lines, reloading itself
// every two seconds. Read-only: no forms, no scripts.
#include <string>

#include <nlohmann/json.hpp>

namespace sfsup {

// `status`: status_with_metrics(..., with_log_tail = true).
std::string status_page_html(const nlohmann::json& status);

}  // namespace sfsup
