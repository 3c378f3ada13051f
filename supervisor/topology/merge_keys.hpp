#pragma once
// YAML merge keys (`<<: *defaults`, `<<: [*a, *b]`), which yaml-cpp reads as a
// plain `<<` key: each mapping's `<<` is replaced by the entries of the
// mapping(s) it names that the mapping does not set itself (earlier sources
// win over later ones, as the YAML merge-key spec says).
#include <yaml-cpp/yaml.h>

#include "topology/diagnostic.hpp"

namespace sfsup {

void expand_merge_keys(YAML::Node root, Diagnostics& diagnostics);

}  // namespace sfsup
