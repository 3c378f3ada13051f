#pragma once
// `sfsup export compose`: the same plan as one docker compose file. One
// container per service, its addresses and config as inline `configs:`
// (the compose spec's ConfigMap), a healthcheck on the worker's ready file,
// and `depends_on: {condition: service_healthy}` for sfsup's start order.
#include <string>

#include "export/export_plan.hpp"
#include "export/yaml_document.hpp"

namespace sfsup {

OrderedJson compose_file(const ExportPlan& plan, const std::string& image);

}  // namespace sfsup
