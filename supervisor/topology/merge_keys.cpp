#include "topology/merge_keys.hpp"

#include <string>
#include <vector>

#include "topology/yaml_reader.hpp"

namespace sfsup {

namespace {

bool is_merge_key(const YAML::Node& key) { return key.IsScalar() && key.Tag() != "!" && key.Scalar() == "<<"; }

bool has_key(const YAML::Node& map, const std::string& key) {
  for (auto it = map.begin(); it != map.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == key) return true;
  return false;
}

class Merger {
 public:
  explicit Merger(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}

  void visit(YAML::Node node) {
    for (const auto& seen : seen_)
      if (seen.is(node)) return;
    seen_.push_back(node);
    if (node.IsSequence()) {
      for (auto item : node) visit(item);
      return;
    }
    if (!node.IsMap()) return;
    std::vector<YAML::Node> sources;
    std::vector<YAML::Node> merge_keys;
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (is_merge_key(it->first)) {
        merge_keys.push_back(it->first);
        collect(it->second, mark_of(it->first), sources);
      } else {
        visit(it->second);
      }
    }
    if (merge_keys.empty()) return;
    for (const auto& key : merge_keys) node.remove(key);
    for (auto& source : sources) {
      visit(source);  // a source may merge others itself
      for (auto it = source.begin(); it != source.end(); ++it) {
        if (!it->first.IsScalar() || has_key(node, it->first.Scalar())) continue;
        node[it->first] = it->second;  // the source's own key node: its line and column stay
      }
    }
  }

 private:
  void collect(const YAML::Node& value, SourceMark at, std::vector<YAML::Node>& sources) {
    if (value.IsMap()) {
      sources.push_back(value);
      return;
    }
    if (value.IsSequence()) {
      bool all_maps = true;
      for (const auto& item : value) all_maps = all_maps && item.IsMap();
      if (all_maps) {
        for (const auto& item : value) sources.push_back(item);
        return;
      }
    }
    diagnostics_.add(mark_of(value).line ? mark_of(value) : at,
                     "'<<' merges a mapping into this one; write <<: *anchor or <<: [*a, *b] with "
                     "anchors (&a) on mappings");
  }

  Diagnostics& diagnostics_;
  std::vector<YAML::Node> seen_;
};

}  // namespace

void expand_merge_keys(YAML::Node root, Diagnostics& diagnostics) { Merger(diagnostics).visit(root); }

}  // namespace sfsup
