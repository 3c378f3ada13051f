#pragma once
// A topology file in a temp dir, driven through the real sfsup with that
// dir's run directory (`--run-dir <dir>/run`); brought down when the test
// ends if it is still up.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sfsup_fixture.hpp"

namespace sfsup_test {

// `sfsup <args> --run-dir <run_dir>`, run to completion (bounded by `timeout`).
Run sfsup_with_run_dir(const std::filesystem::path& run_dir, std::vector<std::string> args,
                       std::map<std::string, std::string> env = {}, std::chrono::milliseconds timeout = 90s);

class TopologyDir {
 public:
  TopologyDir() = default;
  explicit TopologyDir(const std::string& yaml) { write(yaml); }
  ~TopologyDir();
  TopologyDir(const TopologyDir&) = delete;

  void write(const std::string& yaml) const;
  const std::filesystem::path& dir() const { return tmp_.path(); }
  std::filesystem::path topology() const { return tmp_ / "topology.yaml"; }
  std::filesystem::path run_dir() const { return tmp_ / "run"; }

  Run sfsup(std::vector<std::string> args, std::map<std::string, std::string> env = {}) const {
    return sfsup_with_run_dir(run_dir(), std::move(args), std::move(env));
  }
  // `sfsup up <topology>` in the foreground, left running.
  sftest::Process up_foreground() const;
  // `status --json`, checked to succeed.
  json status() const;

 private:
  sftest::TempDir tmp_;
};

}  // namespace sfsup_test
