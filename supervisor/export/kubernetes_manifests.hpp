#pragma once
// `sfsup export kubernetes`: one Namespace, then per service a ConfigMap
// (its addresses and config files), a ClusterIP Service (one port per socket
// it binds; none when it binds nothing) and a Deployment -- or a Job for a
// main leading edge or a `restart: never` service.
#include <string>
#include <vector>

#include "export/export_plan.hpp"
#include "export/yaml_document.hpp"

namespace sfsup {

struct KubernetesOptions {
  std::string namespace_name;
  std::string image;
};

// The `-o DIR` layout: `00-namespace.yaml` first (kubectl applies a folder in
// name order), then `<service>.yaml` per service, in start order.
struct ManifestFile {
  std::string file_name;
  std::vector<OrderedJson> documents;
};

std::vector<ManifestFile> kubernetes_manifests(const ExportPlan& plan, const KubernetesOptions& options);

// The resources each worker requests (documented in docs/kubernetes.md).
inline constexpr const char* kCpuRequest = "50m";
inline constexpr const char* kMemoryRequest = "32Mi";

}  // namespace sfsup
