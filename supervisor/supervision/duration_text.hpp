#pragma once
// Durations as people read them in status tables and event lines.
#include <chrono>
#include <string>

namespace sfsup {

// A configured delay: "0ms", "250ms", "1s", "1.5s", "30s", "2m", "1m30s".
std::string format_delay(std::chrono::milliseconds delay);
// How long something has been up, two units at most: "5s", "3m12s", "2h05m", "3d04h".
std::string format_uptime(std::chrono::seconds uptime);

}  // namespace sfsup
