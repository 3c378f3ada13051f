#pragma once
// `status` as the control socket answers it, with each running worker's
// figures under "metrics" (null when there are none yet): what
// `status --json`, `top`, /metrics and the status page all read.
#include <nlohmann/json.hpp>

#include "control/metrics_collector.hpp"
#include "supervision/supervisor.hpp"

namespace sfsup {

// `with_log_tail` adds each service's last log lines ("log_tail"): the page shows them.
nlohmann::json status_with_metrics(const Supervisor& supervisor, const MetricsCollector& metrics,
                                   bool with_log_tail = false);

}  // namespace sfsup
