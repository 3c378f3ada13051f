#pragma once
// Running `sfsup` and topologies written on the fly, for the export tests.
#include <filesystem>
#include <string>
#include <vector>

#include "process.hpp"

namespace sfexport_test {

struct Run {
  int status = 0;
  std::string output;  // stdout and stderr
};

inline Run sfsup(const std::vector<std::string>& args) {
  std::vector<std::string> argv{sftest::sfsup_binary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto p = sftest::Process::spawn(argv);
  auto status = p.wait_exit(std::chrono::seconds(60));
  if (!status) throw std::runtime_error("sfsup did not exit: " + p.output());
  return Run{*status, p.output()};
}

}  // namespace sfexport_test
