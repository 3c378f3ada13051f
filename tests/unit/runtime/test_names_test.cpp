// ctest runs each doctest case through a name filter; doctest splits filters
// on ',' and CMake splits lists on ';'. A case whose name holds either one is
// silently run as "zero tests, passed". Keep every case name free of them.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

TEST_CASE("every test case name is safe for ctest's name filter") {
  namespace fs = std::filesystem;
  const std::regex test_case(R"re(TEST_CASE(?:_FIXTURE)?\((?:[A-Za-z_:]+,\s*)?"((?:[^"\\]|\\.)*)")re");
  int scanned = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(SF_SOURCE_DIR) / "tests")) {
    if (entry.path().extension() != ".cpp") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    for (std::sregex_iterator it(source.begin(), source.end(), test_case), end; it != end; ++it) {
      const std::string name = (*it)[1];
      ++scanned;
      INFO(entry.path().string() << ": \"" << name << "\"");
      CHECK(name.find_first_of(",;") == std::string::npos);
    }
  }
  CHECK(scanned > 100);  // the scan really saw the suites
}
