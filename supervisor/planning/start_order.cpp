#include "planning/start_order.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace sfsup {

namespace {

struct Edge {
  std::string from;  // the connecting service ...
  std::string to;    // ... waits for this one
  SourceMark mark;
};

// connector -> binder, per link: a requester waits for its replyer, a
// subscriber for its publisher, an in-state for its out-state.
std::vector<Edge> connect_edges(const DescribedServices& described, const Wiring& wiring) {
  std::vector<Edge> edges;
  for (const auto& link : wiring.links) {
    if (link.out_service == link.in_service) continue;  // a service never waits for itself
    const auto* out_side =
        described.at(link.out_service).find(link.kind, Direction::out, link.out_name);
    const auto* in_side = described.at(link.in_service).find(link.kind, Direction::in, link.in_name);
    if (out_side && out_side->has_connector()) edges.push_back({link.out_service, link.in_service, link.mark});
    if (in_side && in_side->has_connector()) edges.push_back({link.in_service, link.out_service, link.mark});
  }
  return edges;
}

void add_unique(std::vector<std::string>& list, const std::string& name) {
  if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
}

// One cycle through the services Kahn's algorithm could not place.
std::vector<const Edge*> find_cycle(const std::vector<Edge>& edges, const std::set<std::string>& stuck) {
  const std::string start = *stuck.begin();
  std::vector<const Edge*> path;
  std::set<std::string> on_path{start};
  std::string at = start;
  // Every stuck node has an edge to another stuck node, so walking them repeats a node.
  while (true) {
    const Edge* next = nullptr;
    for (const auto& e : edges) {
      if (e.from == at && stuck.count(e.to)) {
        next = &e;
        break;
      }
    }
    if (!next) return {};
    path.push_back(next);
    if (on_path.count(next->to)) {
      auto first = std::find_if(path.begin(), path.end(),
                                [&](const Edge* e) { return e->from == next->to; });
      return {first, path.end()};
    }
    on_path.insert(next->to);
    at = next->to;
  }
}

}  // namespace

StartOrder plan_start_order(const Topology& topology, const DescribedServices& described,
                            const Wiring& wiring, Diagnostics& diagnostics) {
  std::set<std::string> main_services;
  for (const auto& s : topology.services) {
    if (s.main) main_services.insert(s.name);
  }
  const auto all_edges = connect_edges(described, wiring);

  StartOrder order;
  std::vector<Edge> ordering;  // among non-main services only
  for (const auto& s : topology.services) order.depends_on[s.name] = {};
  for (const auto& e : all_edges) {
    const bool from_main = main_services.count(e.from) > 0;
    const bool to_main = main_services.count(e.to) > 0;
    if (to_main && !from_main) {
      // A subscriber of a main publisher: the publisher waits for it instead (below).
      add_unique(order.depends_on[e.to], e.from);
      continue;
    }
    add_unique(order.depends_on[e.from], e.to);
    if (!from_main) ordering.push_back(e);
  }
  // depends_on in file order, for stable status output and tests.
  for (auto& [name, deps] : order.depends_on) {
    std::vector<std::string> sorted;
    for (const auto& s : topology.services) {
      if (std::find(deps.begin(), deps.end(), s.name) != deps.end()) sorted.push_back(s.name);
    }
    deps = std::move(sorted);
  }

  // Kahn's algorithm; ties go to the service written first.
  std::set<std::string> placed;
  std::set<std::string> pending;
  for (const auto& s : topology.services) {
    if (!main_services.count(s.name)) pending.insert(s.name);
  }
  bool progress = true;
  while (!pending.empty() && progress) {
    progress = false;
    for (const auto& s : topology.services) {
      if (!pending.count(s.name)) continue;
      const bool ready = std::all_of(ordering.begin(), ordering.end(), [&](const Edge& e) {
        return e.from != s.name || placed.count(e.to);
      });
      if (!ready) continue;
      order.services.push_back(s.name);
      placed.insert(s.name);
      pending.erase(s.name);
      progress = true;
      break;
    }
  }
  if (!pending.empty()) {
    const auto cycle = find_cycle(ordering, pending);
    if (!cycle.empty()) {
      std::vector<std::string> names;
      for (const Edge* e : cycle) names.push_back(e->from);
      names.push_back(cycle.front()->from);
      diagnostics.add(cycle.front()->mark,
                      fmt::format("startup dependency cycle {}: each waits for the next to be "
                                  "ready; break it, e.g. give one link's binding side an explicit "
                                  "address: and the other a matching address: instead of from:/to:",
                                  fmt::join(names, " -> ")));
    }
    for (const auto& s : topology.services) {
      if (pending.count(s.name)) order.services.push_back(s.name);
    }
  }
  for (const auto& s : topology.services) {
    if (main_services.count(s.name)) order.services.push_back(s.name);
  }
  return order;
}

}  // namespace sfsup
