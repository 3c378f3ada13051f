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

TEST_CASE("an endless line is cut at the limit instead of growing forever") {
  LineSplitter s(4);
  CHECK(split(s, {"abcdefghij\n"}, false) == std::vector<std::string>{"abcd", "efgh", "ij"});
  CHECK(split(s, {"ab", "cdef\n"}, false) == std::vector<std::string>{"abcd", "ef"});
}
