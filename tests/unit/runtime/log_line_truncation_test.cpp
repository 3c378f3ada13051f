// The worker's log lines past max_log_line_bytes: the head is kept and the
// line ends in "… [truncated N bytes]", in the console and the -l file alike.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>
#include <spdlog/logger.h>

#include "core/logging.hpp"

namespace fs = std::filesystem;

namespace {

struct ScratchDir {
  fs::path path;
  ScratchDir() {
    std::string templ = "/tmp/sftrunc-XXXXXX";
    REQUIRE(::mkdtemp(templ.data()) != nullptr);
    path = templ;
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

std::string read_all(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("three 50 MB log messages keep their heads and a marker in the log file") {
  ScratchDir dir;
  const fs::path file = dir.path / "svc.log";
  auto logger = sf::detail::make_service_logger(
      {.service_name = "svc", .console_level = "off", .file_path = file.string()});
  logger->info("the line before");
  const std::string huge(50'000'000, 'x');
  for (int i = 0; i < 3; ++i) logger->info("{}", huge);
  logger->info("the line after");
  logger->flush();

  const std::string text = read_all(file);
  CHECK(text.find("the line before") != std::string::npos);
  CHECK(text.find("the line after") != std::string::npos);
  CHECK(count_of(text, std::string(16 * 1024, 'x') + " \u2026 [truncated 49,983,616 bytes]\n") == 3);
  CHECK(text.size() < 64 * 1024);
}

TEST_CASE("the bound is configurable and short lines are untouched") {
  ScratchDir dir;
  const fs::path file = dir.path / "svc.log";
  auto logger = sf::detail::make_service_logger(
      {.service_name = "svc", .console_level = "off", .file_path = file.string(), .max_line_bytes = 10});
  logger->info("0123456789");
  logger->info("0123456789abc");
  logger->info("01234567\xc3\xa9");  // 10 bytes: fits
  logger->info("012345678\xc3\xa9");  // the cut would split the é: it keeps 9 bytes
  logger->flush();
  const std::string text = read_all(file);
  CHECK(text.find("] 0123456789\n") != std::string::npos);
  CHECK(text.find("] 0123456789 \u2026 [truncated 3 bytes]\n") != std::string::npos);
  CHECK(text.find("] 01234567\xc3\xa9\n") != std::string::npos);
  CHECK(text.find("] 012345678 \u2026 [truncated 2 bytes]\n") != std::string::npos);
}
