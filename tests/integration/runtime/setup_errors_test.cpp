// Mistakes a user makes before a service runs: each one stops the worker with
// exit 2 and ONE line that names the problem — no stack of library errors.
#include <fstream>

#include <doctest/doctest.h>

#include "worker_fixture.hpp"

using namespace sftest;

namespace {

// Runs the worker to its exit; returns the output after checking exit 2 and one line.
std::string expect_setup_error(std::vector<std::string> argv) {
  auto worker = Process::spawn(std::move(argv));
  auto status = worker.wait_exit();
  REQUIRE_MESSAGE(status, "still running: " << worker.output());
  const std::string output = worker.output();
  INFO("output: " << output);
  CHECK(exited_with(*status, 2));
  CHECK(non_empty_lines(output).size() == 1);
  return output;
}

sf::Json ticker_addresses(const TempDir& dir) {
  return {{"connections", {{"out", {{"ticks", {{"publisher", ipc_endpoint(dir, "ticks")}}}}}}}};
}

}  // namespace

TEST_CASE("a missing required config key: exit 2 - one line naming the key") {
  TempDir dir;
  auto output = expect_setup_error(
      worker_argv(dir, {.service = "ticker", .addresses = ticker_addresses(dir), .main_mode = true}));
  CHECK_MESSAGE(output.find("count") != std::string::npos, output);
}

TEST_CASE("a config value that does not convert: exit 2 - one line naming the key") {
  TempDir dir;
  auto output = expect_setup_error(worker_argv(
      dir, {.service = "ticker", .addresses = ticker_addresses(dir), .extra_args = {"--count", "many"}, .main_mode = true}));
  CHECK_MESSAGE(output.find("count") != std::string::npos, output);
}

TEST_CASE("a config value of the wrong type in the file: exit 2 - one line naming the key") {
  TempDir dir;
  auto output = expect_setup_error(worker_argv(dir, {.service = "ticker",
                                                     .addresses = ticker_addresses(dir),
                                                     .config = sf::Json{{"count", "ten"}},
                                                     .main_mode = true}));
  CHECK_MESSAGE(output.find("count") != std::string::npos, output);
}

TEST_CASE("main mode with an inbound connection: exit 2 - one line saying so") {
  TempDir dir;
  auto output = expect_setup_error(worker_argv(
      dir, {.service = "misbehaver",
            .addresses = {{"connections",
                           {{"in", {{"misbehave", {{"replyer", ipc_endpoint(dir, "misbehave")}}}}},
                            {"out", {{"noise", {{"publisher", ipc_endpoint(dir, "noise")}}}}}}}},
            .main_mode = true}));
  CHECK_MESSAGE(output.find("misbehave") != std::string::npos, output);
  CHECK_MESSAGE(output.find("main") != std::string::npos, output);
}

TEST_CASE("a connection without an address: exit 2 - one line naming the connection") {
  TempDir dir;
  auto output = expect_setup_error(worker_argv(dir, {.service = "echo"}));
  CHECK_MESSAGE(output.find("echo") != std::string::npos, output);
}

TEST_CASE("a missing plugin file: exit 2 - one line naming the file") {
  TempDir dir;
  const auto missing = (dir / "libnothing.so").string();
  auto output = expect_setup_error({worker_binary().string(), "-s", missing});
  CHECK_MESSAGE(output.find(missing) != std::string::npos, output);
}

TEST_CASE("a file that is not a plugin: exit 2 - one line") {
  TempDir dir;
  SUBCASE("not a shared library at all") {
    const auto text = dir / "libtext.so";
    std::ofstream(text) << "this is not an ELF file\n";
    auto output = expect_setup_error({worker_binary().string(), "-s", text.string()});
    CHECK_MESSAGE(output.find(text.string()) != std::string::npos, output);
  }
  SUBCASE("a shared library without the service entry point") {
    const auto libsf = build_dir() / "lib" / "libsf.so";
    REQUIRE(std::filesystem::exists(libsf));
    auto output = expect_setup_error({worker_binary().string(), "-s", libsf.string()});
    CHECK_MESSAGE(output.find("libsf.so") != std::string::npos, output);
  }
}

TEST_CASE("an unknown flag or a missing -s: exit 2 - one line") {
  expect_setup_error({worker_binary().string()});
  expect_setup_error({worker_binary().string(), "-s", plugin("echo").string(), "-wt"});
}
