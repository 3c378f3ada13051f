#include "core/truncating_formatter.hpp"

#include <string_view>

#include <spdlog/details/log_msg.h>

#include "values/line_truncation.hpp"

namespace sf::detail {

TruncatingFormatter::TruncatingFormatter(std::unique_ptr<spdlog::formatter> inner, std::size_t max_message_bytes)
    : inner_(std::move(inner)), max_message_bytes_(max_message_bytes) {}

void TruncatingFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  const std::string_view payload(msg.payload.data(), msg.payload.size());
  if (payload.size() <= max_message_bytes_) return inner_->format(msg, dest);
  spdlog::details::log_msg cut = msg;
  const std::size_t kept = utf8_prefix_length(payload, max_message_bytes_);
  cut.payload = spdlog::string_view_t(payload.data(), kept);
  const std::size_t start = dest.size();
  inner_->format(cut, dest);
  // The colour sink reads where the level's colour goes from the message it passed.
  msg.color_range_start = cut.color_range_start;
  msg.color_range_end = cut.color_range_end;
  // The marker goes before the line's end-of-line, which the pattern appended.
  std::size_t end = dest.size();
  while (end > start && (dest[end - 1] == '\n' || dest[end - 1] == '\r')) --end;
  const std::string eol(dest.data() + end, dest.size() - end);
  dest.resize(end);
  const std::string marker = truncation_marker(payload.size() - kept);
  dest.append(marker.data(), marker.data() + marker.size());
  dest.append(eol.data(), eol.data() + eol.size());
}

std::unique_ptr<spdlog::formatter> TruncatingFormatter::clone() const {
  return std::make_unique<TruncatingFormatter>(inner_->clone(), max_message_bytes_);
}

}  // namespace sf::detail
