#include "export/compose_file.hpp"

#include <fmt/format.h>

#include <csignal>
#include <cstring>

namespace sfsup {

namespace {

std::string seconds_text(std::chrono::milliseconds ms) {
  return ms.count() % 1000 == 0 ? fmt::format("{}s", ms.count() / 1000) : fmt::format("{}ms", ms.count());
}

// Compose has no on-failure for a process that exits 0 by design: a main
// with `restart: always` still restarts only on failure, as a Job does.
const char* restart_of(const ExportedService& service) {
  switch (service.settings.restart.mode) {
    case RestartMode::never:
      return "no";
    case RestartMode::always:
      return service.leading_edge ? "on-failure" : "always";
    case RestartMode::on_failure:
      break;
  }
  return "on-failure";
}

OrderedJson compose_service(const ExportPlan& plan, const ExportedService& service, const std::string& image) {
  OrderedJson s = {{"image", image}, {"command", service.command}};
  if (!service.settings.env.empty()) {
    OrderedJson env = OrderedJson::object();
    for (const auto& [key, value] : service.settings.env) env[key] = value;
    s["environment"] = env;
  }
  s["configs"] = OrderedJson::array({OrderedJson{{"source", service.dns_name + "-addresses"},
                                                 {"target", std::string(kImageFilesDir) + "/addresses.json"}},
                                     OrderedJson{{"source", service.dns_name + "-config"},
                                                 {"target", std::string(kImageFilesDir) + "/config.json"}}});
  s["labels"] = {{"app.kubernetes.io/name", service.dns_name},
                 {"app.kubernetes.io/part-of", plan.name},
                 {"app.kubernetes.io/component", service.component}};
  s["healthcheck"] = {{"test", OrderedJson::array({"CMD", "test", "-f", kImageReadyFile})},
                      {"interval", "2s"},
                      {"timeout", "1s"},
                      {"retries", 3},
                      {"start_period", seconds_text(service.settings.ready_timeout)}};
  if (!service.depends_on.empty()) {
    OrderedJson depends = OrderedJson::object();
    for (const auto& d : service.depends_on) depends[d] = {{"condition", "service_healthy"}};
    s["depends_on"] = depends;
  }
  s["restart"] = restart_of(service);
  if (service.settings.stop_signal != 0) {
    const char* abbrev = sigabbrev_np(service.settings.stop_signal);
    if (abbrev) s["stop_signal"] = std::string("SIG") + abbrev;
  }
  s["stop_grace_period"] = seconds_text(service.settings.stop_timeout);
  // The same requests as the Kubernetes export (kCpuRequest, kMemoryRequest).
  s["deploy"] = {{"resources", {{"reservations", {{"cpus", "0.05"}, {"memory", "32M"}}}}}};
  return s;
}

}  // namespace

OrderedJson compose_file(const ExportPlan& plan, const std::string& image) {
  OrderedJson services = OrderedJson::object();
  OrderedJson configs = OrderedJson::object();
  for (const auto& service : plan.services) {
    services[service.dns_name] = compose_service(plan, service, image);
    configs[service.dns_name + "-addresses"] = {{"content", service.addresses.dump(2) + "\n"}};
    configs[service.dns_name + "-config"] = {{"content", service.config.dump(2) + "\n"}};
  }
  return {{"name", plan.name}, {"services", services}, {"configs", configs}};
}

}  // namespace sfsup
