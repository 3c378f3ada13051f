#pragma once
// Python peers for interop and hostile-peer tests: the scripts in
// tools/interop/, run by the system python3 (which has pyzmq and msgpack).
#include <string>
#include <string_view>
#include <vector>

#include "process.hpp"

namespace sftest {

// Runs /usr/bin/python3 tools/interop/<script> <args...>, unbuffered.
Process start_python_peer(std::string_view script, std::vector<std::string> args);

}  // namespace sftest
