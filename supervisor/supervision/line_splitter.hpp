#pragma once
// Turns a worker's output byte stream into lines. A line longer than the
// limit keeps its first bytes and ends in "… [truncated N bytes]" (the rest
// is counted, not kept), so a worker writing a 50 MB line, or bytes without
// newlines, can neither make sfsup buffer without bound nor push every
// earlier line out of the size-rotated log.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace sfsup {

class LineSplitter {
 public:
  using OnLine = std::function<void(std::string_view line)>;
  explicit LineSplitter(std::size_t max_line = 16 * 1024) : max_line_(max_line) {}

  void feed(std::string_view chunk, const OnLine& on_line);
  // End of stream: a last line without its newline is still a line.
  void finish(const OnLine& on_line);

 private:
  void emit(const OnLine& on_line);

  std::size_t max_line_;
  std::string partial_;
  std::size_t dropped_ = 0;  // bytes of the current line past the limit
};

}  // namespace sfsup
