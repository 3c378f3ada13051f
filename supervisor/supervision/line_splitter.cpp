#include "supervision/line_splitter.hpp"

#include <algorithm>

#include "values/line_truncation.hpp"

namespace sfsup {

void LineSplitter::feed(std::string_view chunk, const OnLine& on_line) {
  while (!chunk.empty()) {
    const auto newline = chunk.find('\n');
    const std::string_view piece = chunk.substr(0, newline);
    // Keep up to the limit plus one byte, so the cut can tell a line that
    // fits exactly from one that goes on; count the rest.
    const std::size_t room = max_line_ + 1 > partial_.size() ? max_line_ + 1 - partial_.size() : 0;
    const std::size_t kept = std::min(room, piece.size());
    partial_.append(piece.substr(0, kept));
    dropped_ += piece.size() - kept;
    if (newline == std::string_view::npos) return;
    emit(on_line);
    chunk.remove_prefix(newline + 1);
  }
}

void LineSplitter::emit(const OnLine& on_line) {
  std::string_view line = partial_;
  if (dropped_ == 0 && !line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.size() <= max_line_ && dropped_ == 0) {
    on_line(line);
  } else {
    const std::size_t kept = sf::detail::utf8_prefix_length(line, max_line_);
    std::string cut(line.substr(0, kept));
    cut += sf::detail::truncation_marker(line.size() - kept + dropped_);
    on_line(cut);
  }
  partial_.clear();
  dropped_ = 0;
}

void LineSplitter::finish(const OnLine& on_line) {
  if (partial_.empty() && dropped_ == 0) return;
  emit(on_line);
}

}  // namespace sfsup
