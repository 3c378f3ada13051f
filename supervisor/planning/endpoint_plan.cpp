#include "planning/endpoint_plan.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <set>
#include <system_error>

#include <arpa/inet.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "planning/socket_pairing.hpp"
#include "topology/close_match.hpp"
#include "topology/parse_endpoints.hpp"

namespace sfsup {

namespace fs = std::filesystem;

bool tcp_port_is_free(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool free = ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return free;
}

namespace {

std::string ref_text(const SocketRef& r) {
  return fmt::format("{}.{}.{}", r.service, r.endpoint, r.socket);
}

// The port of a tcp:// endpoint, 0 for anything else.
int tcp_port_of(const std::string& endpoint) {
  if (endpoint.rfind("tcp://", 0) != 0) return 0;
  const auto colon = endpoint.rfind(':');
  int port = 0;
  std::from_chars(endpoint.data() + colon + 1, endpoint.data() + endpoint.size(), port);
  return port;
}

// The binding sockets sfsup must assign an address to, in file order.
struct Assignment {
  SocketRef ref;
  Transport transport;
  SourceMark mark;
};

}  // namespace

void check_explicit_addresses(const Topology& topology, const DescribedServices& described,
                              Diagnostics& diagnostics) {
  std::map<std::string, std::string> bound_by;  // endpoint -> "svc.endpoint.socket"
  for (const auto& service : topology.services) {
    auto d = described.find(service.name);
    if (d == described.end()) continue;
    for (const auto& decl : service.endpoints) {
      const EndpointDescription* e = d->second.find(decl.kind, decl.direction, decl.name);
      if (!e) continue;
      std::vector<std::string> socket_names;
      for (const auto& s : e->sockets) socket_names.push_back(s.name);
      if (decl.address && e->sockets.size() != 1) {
        diagnostics.add(decl.address->mark,
                        e->sockets.empty()
                            ? fmt::format("{}.{} ({}) has no sockets, so no address; remove it",
                                          service.name, decl.name, e->type)
                            : fmt::format("{}.{} ({}) has {} sockets; give each its own address: "
                                          "address: {{{}: ...}}",
                                          service.name, decl.name, e->type, e->sockets.size(),
                                          fmt::format("{}", fmt::join(socket_names, ": ..., "))));
      }
      for (const auto& [socket, address] : decl.socket_addresses) {
        if (!e->socket(socket)) {
          diagnostics.add(address.mark, fmt::format("{}.{} ({}) has no socket '{}'; {}", service.name,
                                                    decl.name, e->type, socket,
                                                    suggest(socket, socket_names)));
        }
      }
      for (const auto& s : e->sockets) {
        const ExplicitAddress* a = decl.address_of(s.name, e->sockets.size());
        if (!a || !s.binds) continue;  // many may connect to one address; one may bind it
        const std::string here = fmt::format("{}.{}.{}", service.name, decl.name, s.name);
        auto [it, inserted] = bound_by.emplace(a->endpoint, here);
        if (!inserted) {
          diagnostics.add(a->mark, fmt::format("{} binds {}, which {} already binds; give each "
                                               "binding socket its own address",
                                               here, a->endpoint, it->second));
        }
      }
    }
  }
}

EndpointPlan plan_endpoints(const Topology& topology, const DescribedServices& described,
                            const Wiring& wiring, const fs::path& run_dir, Diagnostics& diagnostics,
                            const PortProbe& port_is_free) {
  EndpointPlan plan;
  std::set<int> taken_ports;
  std::vector<Assignment> to_assign;

  // 1. Binding sockets: explicit addresses as given, the rest queued for assignment.
  for (const auto& service : topology.services) {
    auto d = described.find(service.name);
    if (d == described.end()) continue;
    for (const auto& e : d->second.endpoints) {
      const EndpointDecl* decl = service.find(e.kind, e.direction, e.name);
      for (const auto& s : e.sockets) {
        if (!s.binds) continue;
        SocketRef ref{service.name, e.kind, e.direction, e.name, s.name};
        if (const ExplicitAddress* a = decl ? decl->address_of(s.name, e.sockets.size()) : nullptr) {
          plan.endpoints[ref] = a->endpoint;
          taken_ports.insert(tcp_port_of(a->endpoint));
        } else {
          to_assign.push_back({ref, service.settings.transport, decl ? decl->mark : service.mark});
        }
      }
    }
  }
  // Explicit addresses of connecting sockets may point at ports we would otherwise hand out.
  for (const auto& service : topology.services) {
    for (const auto& decl : service.endpoints) {
      if (decl.address) taken_ports.insert(tcp_port_of(decl.address->endpoint));
      for (const auto& [socket, a] : decl.socket_addresses) taken_ports.insert(tcp_port_of(a.endpoint));
    }
  }

  // 2. ipc: <run_dir>/ipc/<service>.<endpoint>.<socket>, unique per run.
  std::vector<std::pair<SocketRef, std::string>> ipc_names;
  std::set<std::string> used_names;
  for (const auto& a : to_assign) {
    if (a.transport != Transport::ipc) continue;
    std::string name = ref_text(a.ref);
    if (!used_names.insert(name).second) {
      // An in and an out (or a connection and a state) share a name: spell the side out.
      name = fmt::format("{}.{}.{}.{}.{}", a.ref.service, to_string(a.ref.kind),
                         to_string(a.ref.direction), a.ref.endpoint, a.ref.socket);
      used_names.insert(name);
    }
    ipc_names.emplace_back(a.ref, name);
  }
  plan.ipc_dir = fs::absolute(run_dir) / "ipc";
  std::size_t longest = 0;
  for (const auto& [ref, name] : ipc_names) longest = std::max(longest, name.size());
  const bool too_long = !ipc_names.empty() && (plan.ipc_dir / std::string(longest, 'x')).string().size() >
                                                   kMaxIpcPathLength;
  bool numbered = false;
  if (too_long) {
    std::string pattern = "/tmp/sfsup-XXXXXX";
    if (!::mkdtemp(pattern.data())) {
      diagnostics.add({}, fmt::format("cannot create a short ipc directory under /tmp ({}); use "
                                      "a shorter run directory or transport: tcp",
                                      std::error_code(errno, std::generic_category()).message()));
      return plan;
    }
    plan.notes.push_back(fmt::format("ipc sockets are in {} because {}/<name> would exceed the "
                                     "{}-byte unix socket path limit",
                                     pattern, plan.ipc_dir.string(), kMaxIpcPathLength));
    plan.ipc_dir = pattern;
    // Names that still do not fit are numbered instead.
    numbered = (plan.ipc_dir / std::string(longest, 'x')).string().size() > kMaxIpcPathLength;
  }
  std::size_t index = 0;
  for (const auto& [ref, name] : ipc_names) {
    const std::string file = numbered ? fmt::format("s{}", index++) : name;
    plan.endpoints[ref] = "ipc://" + (plan.ipc_dir / file).string();
  }

  // 3. tcp: the first free ports of the range, in file order.
  int next_port = topology.tcp_ports.first;
  for (const auto& a : to_assign) {
    if (a.transport != Transport::tcp) continue;
    while (next_port <= topology.tcp_ports.last &&
           (taken_ports.count(next_port) || !port_is_free(next_port))) {
      ++next_port;
    }
    if (next_port > topology.tcp_ports.last) {
      diagnostics.add(topology.tcp_ports_mark.line ? topology.tcp_ports_mark : a.mark,
                      fmt::format("no free TCP port left in [{}, {}] for {}; widen "
                                  "defaults.tcp_ports or free some ports",
                                  topology.tcp_ports.first, topology.tcp_ports.last, ref_text(a.ref)));
      return plan;
    }
    plan.endpoints[a.ref] = fmt::format("tcp://127.0.0.1:{}", next_port++);
  }

  // 4. Connecting sockets: an explicit address, else the linked binding socket's.
  for (const auto& service : topology.services) {
    auto d = described.find(service.name);
    if (d == described.end()) continue;
    for (const auto& e : d->second.endpoints) {
      const EndpointDecl* decl = service.find(e.kind, e.direction, e.name);
      const auto links = wiring.links_of(service.name, e.kind, e.direction, e.name);
      for (const auto& s : e.sockets) {
        if (s.binds) continue;
        SocketRef ref{service.name, e.kind, e.direction, e.name, s.name};
        if (const ExplicitAddress* a = decl ? decl->address_of(s.name, e.sockets.size()) : nullptr) {
          plan.endpoints[ref] = a->endpoint;
          continue;
        }
        if (links.empty()) continue;  // reported as unwired by the wiring check
        const Link& link = *links.front();
        const bool i_am_out = e.direction == Direction::out;
        const std::string& peer_service = i_am_out ? link.in_service : link.out_service;
        const std::string& peer_name = i_am_out ? link.in_name : link.out_name;
        const EndpointDescription* other =
            described.at(peer_service).find(e.kind, opposite(e.direction), peer_name);
        // resolve_wiring() admitted the link, so the pairing exists.
        const SocketDescription* target = other ? connect_target(s, *other) : nullptr;
        auto found = target ? plan.endpoints.find(SocketRef{peer_service, e.kind, opposite(e.direction),
                                                            peer_name, target->name})
                            : plan.endpoints.end();
        if (found != plan.endpoints.end()) plan.endpoints[ref] = found->second;
      }
    }
  }
  return plan;
}

}  // namespace sfsup
