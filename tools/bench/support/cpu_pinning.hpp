#pragma once
// Pinning the benches to CPUs. On this shared 2-core machine, where the
// scheduler happens to place a requester and its replyer (same core or not)
// changes a round trip's cost more than the framework does, and it changes
// from round to round: unpinned, per-round ratios spread from 0.5x to 2x.
// Pinned, they agree within a few percent. Children inherit the affinity of
// the thread that forks them, and every thread inherits its creator's, so
// pin before the first libzmq context.
#include <string>

namespace sfbench {

// Pins the calling thread (and what it creates from now on) to `cpu`.
// cpu < 0 leaves the affinity alone. Returns a line for the bench's header:
// "pinned to CPU 0", "not pinned", or why it could not pin.
std::string pin_to_cpu(int cpu);

}  // namespace sfbench
