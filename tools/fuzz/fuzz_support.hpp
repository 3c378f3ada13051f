#pragma once
// Shared by the fuzz targets: a scratch directory for the readers that take a
// file path, and the one way a target reports an outcome that is a bug.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sffuzz {

// A private directory for this fuzzing process (removed by tools/fuzz/run.sh's
// scratch cleanup, not here: libFuzzer exits without running destructors).
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    const char* base = std::getenv("SF_FUZZ_SCRATCH");
    std::string pattern = std::string(base ? base : "/tmp") + "/sf-fuzz-XXXXXX";
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
    return std::filesystem::path(pattern);
  }();
  return dir;
}

// Writes `bytes` to <scratch>/<name> and returns the path.
inline std::filesystem::path write_scratch(const std::string& name, const std::uint8_t* data, std::size_t size) {
  const auto path = scratch_dir() / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                 static_cast<std::streamsize>(size));
  return path;
}

// A bug: print it and abort, so libFuzzer saves the input as a crash.
[[noreturn]] inline void finding(std::string_view what, std::string_view detail) {
  std::fprintf(stderr, "FUZZ FINDING: %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

// An error message must be one line: the project's rule for bad input.
inline void expect_one_line(std::string_view where, std::string_view message) {
  if (message.empty()) finding(where, "empty error message");
  if (message.find('\n') != std::string_view::npos) finding(where, message);
}

}  // namespace sffuzz
