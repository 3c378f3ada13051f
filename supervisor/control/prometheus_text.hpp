#pragma once
// The Prometheus text exposition format (version 0.0.4) of a status with
// metrics (status_with_metrics.hpp): per-service series (up, state,
// restarts, CPU, RSS) and per-connection/state series (messages, bytes,
// errors by kind, resyncs, a handler latency histogram), each family's
// samples together under its HELP and TYPE lines, as promtool wants them.
#include <string>

#include <nlohmann/json.hpp>

namespace sfsup {

std::string prometheus_text(const nlohmann::json& status);

}  // namespace sfsup
