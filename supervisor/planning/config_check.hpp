#pragma once
// A service's config (config_file + inline config + args) against its
// plugin's config_model, so a typo'd or missing key fails `sfsup check`
// instead of a worker at startup.
#include "topology/service_description.hpp"
#include "topology/topology.hpp"

namespace sfsup {

void check_config(const ServiceDecl& service, const ServiceDescription& description,
                  Diagnostics& diagnostics);

}  // namespace sfsup
