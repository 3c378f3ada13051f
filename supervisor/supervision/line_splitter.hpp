#pragma once
// Turns a worker's output byte stream into lines. A line longer than the
// limit is cut (and the rest continues as a new line), so a worker writing
// without newlines cannot make sfsup buffer without bound.
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
  std::size_t max_line_;
  std::string partial_;
};

}  // namespace sfsup
