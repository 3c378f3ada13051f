// A command-line argument holding a newline still gets ONE error line from the
// worker, with the newline shown as \x0a (found by tools/fuzz: fuzz_worker_cli,
// corpus found-newline-in-argument).
#include <doctest/doctest.h>

#include "worker_fixture.hpp"

using namespace sftest;

TEST_CASE("worker command-line errors escape newlines in the argument - exit 2 - one line") {
  const std::string echo = plugin("echo").string();
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"-s", echo, "-\nx"},            // cxxopts: bad option syntax
           {"-s", echo, "stray\nline"}}) {  // a positional argument
    std::vector<std::string> argv = {worker_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto worker = Process::spawn(argv);
    auto status = worker.wait_exit();
    REQUIRE_MESSAGE(status, "still running: " << worker.output());
    const std::string output = worker.output();
    INFO("output: " << output);
    CHECK(exited_with(*status, 2));
    CHECK(non_empty_lines(output).size() == 1);
    CHECK(output.find("\\x0a") != std::string::npos);
  }
}
