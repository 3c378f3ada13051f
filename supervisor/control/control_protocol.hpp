#pragma once
// The control socket's protocol: one JSON object per line each way.
//
//   -> {"cmd":"status"}                      <- {"ok":true,"status":{...}}
//   -> {"cmd":"stop","service":"echo"}       <- {"ok":true,"message":"echo stopped"}
//   -> {"cmd":"start"|"restart","service":…} <- answered once the service is ready (or failed)
//   -> {"cmd":"signal","service":…,"signal":"HUP"}
//   -> {"cmd":"logs"}                        <- {"ok":true,"logs":[{"service":…,"file":…}]}
//   -> {"cmd":"down"}                        <- answered once every worker is gone
//   -> {"cmd":"reconcile","plan":{RunPlan}}  <- answered once the difference is applied:
//                                               {"ok":true,"message":"restarted a (config changed)\n..."}
//   errors: {"ok":false,"error":"one line","log_file":…,"log_tail":[…]}
//
// A connection may carry several requests; the server closes it only when it
// exits, which is how `logs -f` knows the topology went down.
#include <sys/types.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "supervision/supervisor.hpp"

namespace sfsup {

nlohmann::json status_to_json(const RunPlan& plan, const std::vector<ServiceStatus>& services,
                              pid_t supervisor_pid, bool shutting_down);
nlohmann::json start_failure_to_json(const StartFailure& failure);

nlohmann::json ok_response(std::string message = {});
nlohmann::json error_response(std::string message);

}  // namespace sfsup
