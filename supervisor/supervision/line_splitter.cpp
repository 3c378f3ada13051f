#include "supervision/line_splitter.hpp"

namespace sfsup {

void LineSplitter::feed(std::string_view chunk, const OnLine& on_line) {
  while (!chunk.empty()) {
    auto newline = chunk.find('\n');
    std::string_view piece = chunk.substr(0, newline);
    if (partial_.size() + piece.size() >= max_line_) {
      const std::size_t room = max_line_ - partial_.size();
      partial_.append(piece.substr(0, room));
      on_line(partial_);
      partial_.clear();
      chunk.remove_prefix(room);
      continue;
    }
    if (newline == std::string_view::npos) {
      partial_.append(piece);
      return;
    }
    std::string_view line = piece;
    if (!partial_.empty()) {
      partial_.append(piece);
      line = partial_;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    on_line(line);
    partial_.clear();
    chunk.remove_prefix(newline + 1);
  }
}

void LineSplitter::finish(const OnLine& on_line) {
  if (partial_.empty()) return;
  on_line(partial_);
  partial_.clear();
}

}  // namespace sfsup
