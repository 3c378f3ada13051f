#pragma once
// Manifests are built as insertion-ordered JSON (the order Kubernetes'
// own docs write keys in) and emitted as YAML with yaml-cpp, so the output is
// deterministic and every string that YAML would read as something else
// ("20000", "true", "") is quoted.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sfsup {

using OrderedJson = nlohmann::ordered_json;

// One YAML document, ending in a newline.
std::string to_yaml(const OrderedJson& document);

// Documents joined with `---` lines (a kubectl multi-document file).
std::string to_yaml_stream(const std::vector<OrderedJson>& documents);

}  // namespace sfsup
