#include "core/signal_hub.hpp"

#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <mutex>
#include <vector>

#include "core/logging.hpp"
#include "core/runtime.hpp"

namespace sf::detail::signal_hub {
namespace {

sigset_t handled_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  return set;
}

std::mutex& mutex() {
  static std::mutex m;
  return m;
}
std::vector<Runtime*>& subscribers() {
  static std::vector<Runtime*> v;
  return v;
}

}  // namespace

void block_signals() {
  sigset_t set = handled_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int fd() {
  static int sfd = [] {
    block_signals();
    sigset_t set = handled_set();
    return ::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  }();
  return sfd;
}

void subscribe(Runtime* runtime) {
  std::lock_guard lock(mutex());
  subscribers().push_back(runtime);
}

void unsubscribe(Runtime* runtime) {
  std::lock_guard lock(mutex());
  auto& v = subscribers();
  v.erase(std::remove(v.begin(), v.end(), runtime), v.end());
}

void dispatch() {
  signalfd_siginfo info;
  while (::read(fd(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
    // Once per process, before any service logs that it got the signal.
    if (info.ssi_signo == SIGHUP) reopen_log_files();
    std::lock_guard lock(mutex());
    for (Runtime* r : subscribers()) r->deliver_signal(static_cast<int>(info.ssi_signo));
  }
}

}  // namespace sf::detail::signal_hub
