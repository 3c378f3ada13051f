#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "supervision/line_splitter.hpp"

using namespace sfsup;

namespace {
std::vector<std::string> split(LineSplitter& s, std::vector<std::string_view> chunks, bool finish) {
  std::vector<std::string> lines;
  auto on = [&](std::string_view l) { lines.emplace_back(l); };
  for (auto c : chunks) s.feed(c, on);
  if (finish) s.finish(on);
  return lines;
}
}  // namespace

TEST_CASE("lines split across reads are joined - CRLF loses its CR") {
  LineSplitter s;
  CHECK(split(s, {"hel", "lo\nwor", "ld\r\n", "\n"}, false) ==
        std::vector<std::string>{"hello", "world", ""});
}

TEST_CASE("a last line without newline appears at end of output") {
  LineSplitter s;
  CHECK(split(s, {"a\nb"}, false) == std::vector<std::string>{"a"});
  CHECK(split(s, {}, true) == std::vector<std::string>{"b"});
  CHECK(split(s, {}, true).empty());
}

TEST_CASE("a long line keeps its head and says how much was cut") {
  LineSplitter s(4);
  CHECK(split(s, {"abcdefghij\n", "abcd\n"}, false) ==
        std::vector<std::string>{"abcd \u2026 [truncated 6 bytes]", "abcd"});
  CHECK(split(s, {"ab", "cdef\n"}, false) == std::vector<std::string>{"abcd \u2026 [truncated 2 bytes]"});
  CHECK(split(s, {"abcdefg"}, true) == std::vector<std::string>{"abcd \u2026 [truncated 3 bytes]"});
}

TEST_CASE("an endless line is counted - not buffered") {
  LineSplitter s(16);
  const std::string megabyte(1 << 20, 'x');
  std::vector<std::string> lines;
  for (int i = 0; i < 50; ++i) {
    auto more = split(s, {megabyte}, false);
    lines.insert(lines.end(), more.begin(), more.end());
  }
  CHECK(lines.empty());
  lines = split(s, {"\nnext\n"}, false);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == std::string(16, 'x') + " \u2026 [truncated 52,428,784 bytes]");
  CHECK(lines[1] == "next");
}

TEST_CASE("a cut never splits a UTF-8 character") {
  LineSplitter s(5);
  // "aaaa" then "é" (2 bytes): the 5-byte head would end inside it.
  CHECK(split(s, {"aaaa\xc3\xa9zz\n"}, false) == std::vector<std::string>{"aaaa \u2026 [truncated 4 bytes]"});
}
