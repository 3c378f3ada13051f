#pragma once
// A topology planned for a container engine instead of this machine: the
// same checked analysis as `sfsup up` (topology_analysis.hpp), but every
// socket on TCP, binders on `tcp://*:<port>`, connectors on the peer's name
// (a Kubernetes Service or a compose service) and ports fixed by the file
// alone, so two exports of one topology are identical. The manifests and the
// compose file are written from this plan (kubernetes_manifests.hpp,
// compose_file.hpp).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "planning/plan_topology.hpp"
#include "topology/topology.hpp"

namespace sfsup {

// Where things live inside the container image (Containerfile).
inline constexpr const char* kImagePluginDir = "/usr/lib/service_framework/services";
inline constexpr const char* kImageFilesDir = "/etc/sf";         // addresses.json, config.json
inline constexpr const char* kImageReadyFile = "/tmp/sf-ready";  // the worker's --ready-file

struct ExportedPort {
  int port = 0;
  std::string socket;  // "in.orders.replyer", "states.out.book.publisher"
};

struct ExportedService {
  std::string name;       // as in the topology
  std::string dns_name;   // a DNS label: the Kubernetes object / compose service name
  std::string component;  // the plugin's name (libticker.so -> ticker)
  bool leading_edge = false;
  bool runs_to_completion = false;  // a main or `restart: never`: a Job, not a Deployment
  ServiceSettings settings;
  nlohmann::json addresses;  // the seed's shape, as the worker reads it
  nlohmann::json config;
  std::vector<std::string> command;                    // the worker's argv inside the image
  std::vector<ExportedPort> ports;                     // sockets it binds, by port
  std::vector<std::string> depends_on;                 // dns names of the services started before it
  std::vector<std::pair<std::string, int>> waits_for;  // leading edges: host, port of each dependency
};

struct ExportPlan {
  std::string name;                       // the topology's name as a DNS label
  std::vector<ExportedService> services;  // in start order
  std::vector<std::string> notes;         // said on stderr (an ipc address turned into a port)
};

// `host_suffix` is appended to a peer's DNS name in connect addresses:
// ".<namespace>.svc" for Kubernetes, "" for compose. Throws TopologyError
// (file:line:col and the fix) for a topology that cannot leave this machine:
// a loopback address, an ipc endpoint shared with a process outside it.
ExportPlan plan_export(const std::filesystem::path& topology_file, const DescribeFn& describe,
                       const std::string& host_suffix);

// "book_builder" -> "book-builder": lower case, [a-z0-9-], starts with a letter, at most 63.
std::string dns_label(const std::string& text);

}  // namespace sfsup
