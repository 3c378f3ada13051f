#include "control/control_protocol.hpp"

namespace sfsup {

using nlohmann::json;

json status_to_json(const RunPlan& plan, const std::vector<ServiceStatus>& services,
                    pid_t supervisor_pid, bool shutting_down) {
  json list = json::array();
  for (const auto& s : services) {
    list.push_back({
        {"name", s.name},
        {"state", std::string(to_string(s.state))},
        {"pid", s.pid ? json(*s.pid) : json(nullptr)},
        {"uptime_s", s.uptime ? json(s.uptime->count()) : json(nullptr)},
        {"restarts", s.restarts},
        {"last_exit", s.last_exit ? json(*s.last_exit) : json(nullptr)},
        {"detail", s.detail},
        {"endpoints", s.endpoints},
        {"log_file", s.log_file.string()},
    });
  }
  return {{"topology", plan.name},
          {"topology_file", plan.topology_file.string()},
          {"run_dir", plan.run_dir.string()},
          {"supervisor_pid", supervisor_pid},
          {"shutting_down", shutting_down},
          {"services", list}};
}

json start_failure_to_json(const StartFailure& failure) {
  json j = error_response(failure.service + ": " + failure.reason);
  j["service"] = failure.service;
  j["log_file"] = failure.log_file.string();
  j["log_tail"] = failure.log_tail;
  return j;
}

json ok_response(std::string message) {
  json j = {{"ok", true}};
  if (!message.empty()) j["message"] = std::move(message);
  return j;
}

json error_response(std::string message) { return {{"ok", false}, {"error", std::move(message)}}; }

}  // namespace sfsup
