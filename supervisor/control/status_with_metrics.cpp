#include "control/status_with_metrics.hpp"

#include <unistd.h>

#include "control/control_protocol.hpp"

namespace sfsup {

using nlohmann::json;

json status_with_metrics(const Supervisor& supervisor, const MetricsCollector& metrics, bool with_log_tail) {
  json status = status_to_json(supervisor.plan(), supervisor.status(), getpid(), supervisor.shutting_down());
  status["metrics_round"] = metrics.rounds();
  if (!metrics.url().empty()) status["metrics_url"] = metrics.url();
  for (auto& s : status["services"]) {
    const std::string name = s.value("name", "");
    // Only a running worker's numbers: a stopped one's would look live.
    s["metrics"] = s.value("pid", json()).is_number() ? metrics.service_metrics(name) : json();
    if (with_log_tail) s["log_tail"] = supervisor.failure_of(name).log_tail;
  }
  return status;
}

}  // namespace sfsup
