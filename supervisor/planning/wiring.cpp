#include "planning/wiring.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "planning/model_compatibility.hpp"
#include "planning/socket_pairing.hpp"
#include "topology/close_match.hpp"

namespace sfsup {

std::vector<const Link*> Wiring::links_of(const std::string& service, EndpointKind kind,
                                          Direction direction, const std::string& name) const {
  std::vector<const Link*> out;
  for (const auto& link : links) {
    if (link.kind != kind) continue;
    const bool is_out = link.out_service == service && link.out_name == name;
    const bool is_in = link.in_service == service && link.in_name == name;
    if ((direction == Direction::out && is_out) || (direction == Direction::in && is_in)) {
      out.push_back(&link);
    }
  }
  return out;
}

namespace {

// "in-connection", "out-state", ...
std::string side_name(EndpointKind kind, Direction direction) {
  return fmt::format("{}-{}", to_string(direction), to_string(kind));
}

std::string plugin_file(const ServiceDecl& service) {
  return service.plugin.filename().string();
}

// Every endpoint the YAML names must exist in the plugin, on that side.
void check_declared_endpoints(const ServiceDecl& service, const ServiceDescription& description,
                              Diagnostics& diagnostics) {
  for (const auto& decl : service.endpoints) {
    if (description.find(decl.kind, decl.direction, decl.name)) continue;
    if (description.find(decl.kind, opposite(decl.direction), decl.name)) {
      diagnostics.add(decl.mark, fmt::format("'{}' of service '{}' is an {}, not an {}; move it "
                                             "under {}:",
                                             decl.name, service.name,
                                             side_name(decl.kind, opposite(decl.direction)),
                                             side_name(decl.kind, decl.direction),
                                             to_string(opposite(decl.direction))));
      continue;
    }
    diagnostics.add(decl.mark, fmt::format("service '{}' ({}) has no {} '{}'; {}", service.name,
                                           plugin_file(service), side_name(decl.kind, decl.direction),
                                           decl.name,
                                           suggest(decl.name, description.names(decl.kind, decl.direction))));
  }
}

// Main mode runs the service's main() instead of its loop: nothing would
// ever read an inbound endpoint, so the runtime refuses them.
void check_main_mode(const ServiceDecl& service, const ServiceDescription& description,
                     Diagnostics& diagnostics) {
  if (!service.main) return;
  if (!description.has_main) {
    diagnostics.add(service.main_mark, fmt::format("service '{}' is set to main mode but {} has no "
                                                   "main function; remove main: true",
                                                   service.name, plugin_file(service)));
  }
  std::vector<std::string> inbound;
  for (const auto& e : description.endpoints) {
    if (e.direction == Direction::in) inbound.push_back(fmt::format("{} '{}'", side_name(e.kind, e.direction), e.name));
  }
  if (!inbound.empty()) {
    diagnostics.add(service.main_mark,
                    fmt::format("service '{}' is set to main mode but has {}; main mode forbids "
                                "in-connections and in-states, so remove main: true",
                                service.name, fmt::join(inbound, ", ")));
  }
}

class LinkResolver {
 public:
  LinkResolver(const Topology& topology, const DescribedServices& described, Diagnostics& diagnostics)
      : topology_(topology), described_(described), diagnostics_(diagnostics) {}

  // One `from:`/`to:` reference of `decl` in `service`.
  void resolve(const ServiceDecl& service, const EndpointDecl& decl, const PeerRef& peer) {
    const ServiceDecl* target = topology_.find(peer.service);
    if (!target) {
      diagnostics_.add(peer.mark, fmt::format("unknown service '{}' in '{}'; {}", peer.service,
                                              peer.text, suggest(peer.service, topology_.service_names())));
      return;
    }
    auto described = described_.find(target->name);
    if (described == described_.end()) return;  // its plugin already has a diagnostic
    const ServiceDescription& td = described->second;
    const Direction wanted = opposite(decl.direction);
    const EndpointDescription* other = td.find(decl.kind, wanted, peer.endpoint);
    if (!other) {
      report_unknown_peer(decl, peer, *target, td);
      return;
    }
    const EndpointDescription* mine =
        described_.at(service.name).find(decl.kind, decl.direction, decl.name);
    const bool mine_is_out = decl.direction == Direction::out;
    Link link{decl.kind,
              mine_is_out ? service.name : target->name,
              mine_is_out ? decl.name : peer.endpoint,
              mine_is_out ? target->name : service.name,
              mine_is_out ? peer.endpoint : decl.name,
              peer.mark};
    const EndpointDescription& out_side = mine_is_out ? *mine : *other;
    const EndpointDescription& in_side = mine_is_out ? *other : *mine;
    if (!compatible(link, out_side, in_side)) return;
    for (const auto& existing : links_) {
      if (existing.kind == link.kind && existing.out_service == link.out_service &&
          existing.out_name == link.out_name && existing.in_service == link.in_service &&
          existing.in_name == link.in_name) {
        return;  // declared on both sides: one link
      }
    }
    links_.push_back(std::move(link));
  }

  std::vector<Link> take() { return std::move(links_); }

 private:
  void report_unknown_peer(const EndpointDecl& decl, const PeerRef& peer, const ServiceDecl& target,
                           const ServiceDescription& td) {
    const Direction wanted = opposite(decl.direction);
    const char* key = decl.direction == Direction::in ? "from" : "to";
    if (td.find(decl.kind, decl.direction, peer.endpoint)) {
      diagnostics_.add(peer.mark, fmt::format("'{}: {}' names an {}; '{}' must name an {} of '{}'",
                                              key, peer.text, side_name(decl.kind, decl.direction),
                                              key, side_name(decl.kind, wanted), target.name));
      return;
    }
    const EndpointKind other_kind =
        decl.kind == EndpointKind::connection ? EndpointKind::state : EndpointKind::connection;
    if (td.find(other_kind, wanted, peer.endpoint)) {
      diagnostics_.add(peer.mark, fmt::format("'{}' is a {}, but '{}' is a {}; link connections to "
                                              "connections and states to states",
                                              peer.text, to_string(other_kind), decl.name,
                                              to_string(decl.kind)));
      return;
    }
    diagnostics_.add(peer.mark, fmt::format("service '{}' has no {} '{}'; {}", target.name,
                                            side_name(decl.kind, wanted), peer.endpoint,
                                            suggest(peer.endpoint, td.names(decl.kind, wanted))));
  }

  bool compatible(const Link& link, const EndpointDescription& out_side,
                  const EndpointDescription& in_side) {
    const std::string out_ref = link.out_service + "." + link.out_name;
    const std::string in_ref = link.in_service + "." + link.in_name;
    const std::string fits = peer_in_type(out_side.type);
    if (fits != in_side.type) {
      diagnostics_.add(link.mark,
                       fits.empty()
                           ? fmt::format("{} is an {} and takes no link; remove the reference",
                                         out_ref, out_side.type)
                           : fmt::format("{} ({}) cannot feed {} ({}); a {} links only to a {}",
                                         out_ref, out_side.type, in_ref, in_side.type,
                                         out_side.type, fits));
      return false;
    }
    if (auto why = socket_pairing_problem(out_side, in_side)) {
      diagnostics_.add(link.mark, fmt::format("{} ({}) cannot be linked to {} ({}): {}", out_ref,
                                              out_side.type, in_ref, in_side.type, *why));
      return false;
    }
    // The runtime validates what it receives: sender's args against the receiver's model,
    // and for request/reply the reply the other way round.
    const std::string fix = "declare the same arguments with the same types on both sides";
    if (auto why = model_mismatch(out_side.arguments, in_side.arguments, in_ref)) {
      diagnostics_.add(link.mark, fmt::format("{} ({}) does not fit {} ({}): {}; {}", out_ref,
                                              out_side.type, in_ref, in_side.type, *why, fix));
      return false;
    }
    if (!in_side.returns.is_null() && !out_side.returns.is_null()) {
      if (auto why = model_mismatch(in_side.returns, out_side.returns, out_ref)) {
        diagnostics_.add(link.mark, fmt::format("the reply of {} does not fit {}: {}; {}", in_ref,
                                                out_ref, *why, fix));
        return false;
      }
    }
    return true;
  }

  const Topology& topology_;
  const DescribedServices& described_;
  Diagnostics& diagnostics_;
  std::vector<Link> links_;
};

// A connector socket takes one endpoint: exactly one peer or one explicit address.
void check_connectors(const Topology& topology, const DescribedServices& described,
                      const Wiring& wiring, Diagnostics& diagnostics) {
  for (const auto& service : topology.services) {
    auto d = described.find(service.name);
    if (d == described.end()) continue;
    for (const auto& e : d->second.endpoints) {
      if (!e.has_connector()) continue;
      const EndpointDecl* decl = service.find(e.kind, e.direction, e.name);
      const auto links = wiring.links_of(service.name, e.kind, e.direction, e.name);
      const std::string ref = service.name + "." + e.name;
      if (links.size() > 1) {
        const Link& second = *links[1];
        const std::string peer1 = e.direction == Direction::in
                                      ? links[0]->out_service + "." + links[0]->out_name
                                      : links[0]->in_service + "." + links[0]->in_name;
        const std::string peer2 = e.direction == Direction::in
                                      ? second.out_service + "." + second.out_name
                                      : second.in_service + "." + second.in_name;
        diagnostics.add(second.mark, fmt::format("{} ({}) is wired to both {} and {}; it connects "
                                                 "to exactly one peer, so keep one",
                                                 ref, e.type, peer1, peer2));
        continue;
      }
      bool any_explicit = false;
      bool all_explicit = true;
      for (const auto& s : e.sockets) {
        if (s.binds) continue;
        const ExplicitAddress* a = decl ? decl->address_of(s.name, e.sockets.size()) : nullptr;
        any_explicit |= a != nullptr;
        all_explicit &= a != nullptr;
        if (a && !links.empty()) {
          diagnostics.add(a->mark, fmt::format("{} is wired to a peer and also has an explicit "
                                               "address for socket '{}'; drop one of them",
                                               ref, s.name));
        }
      }
      // A declared but unresolvable from:/to: was reported already; "unwired" would repeat it.
      const bool declared_peer = decl && !decl->peers.empty();
      if (links.empty() && !all_explicit && !declared_peer) {
        const char* key = e.direction == Direction::in ? "from" : "to";
        diagnostics.add(
            decl ? decl->mark : service.mark,
            fmt::format("{} '{}' ({}) of service '{}' is not wired; add {}s: {{{}: {{{}: {{{}: "
                        "<service>.<{}>}}}}}}{}",
                        side_name(e.kind, e.direction), e.name, e.type, service.name,
                        to_string(e.kind), to_string(e.direction), e.name, key,
                        side_name(e.kind, opposite(e.direction)),
                        any_explicit ? " or give every connecting socket an address"
                                     : " or an address"));
      }
    }
  }
}

}  // namespace

Wiring resolve_wiring(const Topology& topology, const DescribedServices& described,
                      Diagnostics& diagnostics) {
  LinkResolver resolver(topology, described, diagnostics);
  for (const auto& service : topology.services) {
    auto d = described.find(service.name);
    if (d == described.end()) continue;
    check_declared_endpoints(service, d->second, diagnostics);
    check_main_mode(service, d->second, diagnostics);
    for (const auto& decl : service.endpoints) {
      if (!d->second.find(decl.kind, decl.direction, decl.name)) continue;
      for (const auto& peer : decl.peers) resolver.resolve(service, decl, peer);
    }
  }
  Wiring wiring{resolver.take()};
  check_connectors(topology, described, wiring, diagnostics);
  return wiring;
}

}  // namespace sfsup
