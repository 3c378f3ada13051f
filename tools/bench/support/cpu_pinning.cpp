#include "support/cpu_pinning.hpp"

#include <sched.h>

#include <cerrno>
#include <cstring>

namespace sfbench {

std::string pin_to_cpu(int cpu) {
  if (cpu < 0) return "not pinned";
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (::sched_setaffinity(0, sizeof set, &set) != 0) {
    return "not pinned (CPU " + std::to_string(cpu) + ": " + std::strerror(errno) + ")";
  }
  return "pinned to CPU " + std::to_string(cpu);
}

}  // namespace sfbench
