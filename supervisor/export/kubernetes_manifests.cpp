#include "export/kubernetes_manifests.hpp"

#include <fmt/format.h>

namespace sfsup {

namespace {

long long whole_seconds_up(std::chrono::milliseconds ms) { return (ms.count() + 999) / 1000; }

OrderedJson selector_labels(const ExportPlan& plan, const ExportedService& service) {
  return {{"app.kubernetes.io/name", service.dns_name}, {"app.kubernetes.io/part-of", plan.name}};
}

OrderedJson labels(const ExportPlan& plan, const ExportedService& service) {
  OrderedJson l = selector_labels(plan, service);
  l["app.kubernetes.io/component"] = service.component;
  l["app.kubernetes.io/managed-by"] = "sfsup";
  return l;
}

OrderedJson metadata(const ExportPlan& plan, const ExportedService& service, const KubernetesOptions& o) {
  return {{"name", service.dns_name}, {"namespace", o.namespace_name}, {"labels", labels(plan, service)}};
}

OrderedJson config_map(const ExportPlan& plan, const ExportedService& service, const KubernetesOptions& o) {
  return {
      {"apiVersion", "v1"},
      {"kind", "ConfigMap"},
      {"metadata", metadata(plan, service, o)},
      {"data", {{"addresses.json", service.addresses.dump(2) + "\n"}, {"config.json", service.config.dump(2) + "\n"}}}};
}

OrderedJson port_name(int port) { return fmt::format("tcp-{}", port); }

OrderedJson cluster_service(const ExportPlan& plan, const ExportedService& service, const KubernetesOptions& o) {
  OrderedJson ports = OrderedJson::array();
  for (const auto& p : service.ports)
    ports.push_back({{"name", port_name(p.port)}, {"protocol", "TCP"}, {"port", p.port}, {"targetPort", p.port}});
  // Which socket each port is: the topology's names, for whoever reads the cluster.
  std::string sockets;
  for (const auto& p : service.ports) sockets += fmt::format("{}{}={}", sockets.empty() ? "" : " ", p.port, p.socket);
  OrderedJson meta = metadata(plan, service, o);
  meta["annotations"] = {{"service-framework/sockets", sockets}};
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", meta},
          {"spec", {{"type", "ClusterIP"}, {"selector", selector_labels(plan, service)}, {"ports", ports}}}};
}

OrderedJson ready_file_probe() {
  return {{"exec", {{"command", OrderedJson::array({"test", "-f", kImageReadyFile})}}}};
}

// A leading edge starts once every peer it waits for accepts a TCP
// connection; a ClusterIP Service only does so when a ready pod is behind it.
OrderedJson wait_container(const ExportedService& service, const KubernetesOptions& o) {
  std::string peers;
  for (const auto& [host, port] : service.waits_for) peers += fmt::format(" {}:{}", host, port);
  const std::string script = "for peer in" + peers +
                             "; do until (exec 3<>/dev/tcp/${peer%:*}/${peer##*:}) 2>/dev/null; do "
                             "echo \"waiting for $peer\"; sleep 1; done; done";
  return {{"name", "wait-for-peers"},
          {"image", o.image},
          {"command", OrderedJson::array({"bash", "-c", script})},
          {"resources", {{"requests", {{"cpu", "10m"}, {"memory", "8Mi"}}}}}};
}

OrderedJson worker_container(const ExportedService& service, const KubernetesOptions& o) {
  OrderedJson c = {{"name", "worker"}, {"image", o.image}, {"command", service.command}};
  if (!service.settings.env.empty()) {
    OrderedJson env = OrderedJson::array();
    for (const auto& [key, value] : service.settings.env) env.push_back({{"name", key}, {"value", value}});
    c["env"] = env;
  }
  if (!service.ports.empty()) {
    OrderedJson ports = OrderedJson::array();
    for (const auto& p : service.ports)
      ports.push_back({{"name", port_name(p.port)}, {"containerPort", p.port}, {"protocol", "TCP"}});
    c["ports"] = ports;
  }
  // sfsup's ready_timeout: not ready by then is a failed start (the kubelet restarts it).
  OrderedJson startup = ready_file_probe();
  startup["periodSeconds"] = 1;
  startup["failureThreshold"] = std::max<long long>(1, whole_seconds_up(service.settings.ready_timeout));
  OrderedJson readiness = ready_file_probe();
  readiness["periodSeconds"] = 2;
  c["startupProbe"] = startup;
  c["readinessProbe"] = readiness;
  c["resources"] = {{"requests", {{"cpu", kCpuRequest}, {"memory", kMemoryRequest}}}};
  c["volumeMounts"] =
      OrderedJson::array({OrderedJson{{"name", "sf-files"}, {"mountPath", kImageFilesDir}, {"readOnly", true}}});
  return c;
}

OrderedJson pod_spec(const ExportedService& service, const KubernetesOptions& o, const char* restart) {
  OrderedJson spec;
  if (restart) spec["restartPolicy"] = restart;
  spec["terminationGracePeriodSeconds"] = whole_seconds_up(service.settings.stop_timeout);
  spec["securityContext"] = {{"runAsNonRoot", true}};
  if (!service.waits_for.empty()) spec["initContainers"] = OrderedJson::array({wait_container(service, o)});
  spec["containers"] = OrderedJson::array({worker_container(service, o)});
  spec["volumes"] =
      OrderedJson::array({OrderedJson{{"name", "sf-files"}, {"configMap", {{"name", service.dns_name}}}}});
  return spec;
}

OrderedJson workload(const ExportPlan& plan, const ExportedService& service, const KubernetesOptions& o) {
  const OrderedJson pod_metadata = {{"labels", labels(plan, service)}};
  if (service.runs_to_completion) {
    const bool never = service.settings.restart.mode == RestartMode::never;
    return {
        {"apiVersion", "batch/v1"},
        {"kind", "Job"},
        {"metadata", metadata(plan, service, o)},
        {"spec",
         {{"backoffLimit", never ? 0 : service.settings.restart.intensity_max_restarts},
          {"template", {{"metadata", pod_metadata}, {"spec", pod_spec(service, o, never ? "Never" : "OnFailure")}}}}}};
  }
  // One replica, replaced not rolled: two binders of one socket (two
  // publishers of one sequence) must never run side by side.
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", metadata(plan, service, o)},
          {"spec",
           {{"replicas", 1},
            {"strategy", {{"type", "Recreate"}}},
            {"selector", {{"matchLabels", selector_labels(plan, service)}}},
            {"template", {{"metadata", pod_metadata}, {"spec", pod_spec(service, o, nullptr)}}}}}};
}

}  // namespace

std::vector<ManifestFile> kubernetes_manifests(const ExportPlan& plan, const KubernetesOptions& o) {
  std::vector<ManifestFile> files;
  OrderedJson namespace_object = {
      {"apiVersion", "v1"},
      {"kind", "Namespace"},
      {"metadata",
       {{"name", o.namespace_name},
        {"labels", {{"app.kubernetes.io/part-of", plan.name}, {"app.kubernetes.io/managed-by", "sfsup"}}}}}};
  files.push_back({"00-namespace.yaml", {namespace_object}});
  for (const auto& service : plan.services) {
    ManifestFile file{service.dns_name + ".yaml", {config_map(plan, service, o)}};
    if (!service.ports.empty()) file.documents.push_back(cluster_service(plan, service, o));
    file.documents.push_back(workload(plan, service, o));
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace sfsup
