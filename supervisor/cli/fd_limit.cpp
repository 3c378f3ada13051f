#include "cli/fd_limit.hpp"

#include <sys/resource.h>

#include <fmt/format.h>

#include "planning/port_reservations.hpp"

namespace sfsup {
namespace {

constexpr long kPerWorker = 2;    // output pipe + readiness pipe (read ends)
constexpr long kOwnFds = 64;      // std streams, epoll, signalfd, inotify, control clients, a spawn's pipes

long as_long(rlim_t value) { return value == RLIM_INFINITY ? -1 : static_cast<long>(value); }

}  // namespace

FdLimit raise_fd_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return {};
  if (limit.rlim_cur != limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    // An unlimited hard limit can still be refused (nr_open): keep the old one then.
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return FdLimit{as_long(limit.rlim_cur), as_long(limit.rlim_max)};
}

long fds_needed(const RunPlan& plan) {
  long tcp_ports = 0;
  for (const auto& w : plan.workers) tcp_ports += static_cast<long>(loopback_tcp_ports(w.endpoints).size());
  return kPerWorker * static_cast<long>(plan.workers.size()) + tcp_ports + kOwnFds;
}

std::optional<std::string> fd_limit_problem(const RunPlan& plan, const FdLimit& limit) {
  const long needed = fds_needed(plan);
  if (limit.soft < 0 || limit.soft >= needed) return std::nullopt;
  return fmt::format(
      "too few file descriptors for this topology: sfsup needs about {} for {} services but may open only {} "
      "(RLIMIT_NOFILE, hard limit {}); services will fail to start with \"Too many open files\". "
      "Fix: raise the hard limit (e.g. `ulimit -Hn {}` as root, or nofile in /etc/security/limits.conf) "
      "or split the topology",
      needed, plan.workers.size(), limit.soft, limit.hard < 0 ? std::string("unlimited") : std::to_string(limit.hard),
      needed);
}

}  // namespace sfsup
