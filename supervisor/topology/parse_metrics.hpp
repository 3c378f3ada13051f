#pragma once
// The topology's `metrics:` key: where `sfsup up` serves Prometheus text and
// the status page (as `up --metrics` does; the flag wins).
//
//   metrics: 127.0.0.1:9464
//   metrics: {address: 0.0.0.0:9464, remote: true}   # beyond loopback: an explicit opt-in
#include "topology/diagnostic.hpp"
#include "topology/topology.hpp"
#include "topology/yaml_reader.hpp"

namespace sfsup {

void read_metrics_setting(const MapEntry& entry, Topology& topology, Diagnostics& diagnostics);

}  // namespace sfsup
