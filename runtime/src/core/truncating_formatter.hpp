#pragma once
// A log formatter that cuts a message longer than a bound, keeping its first
// bytes and ending it with "… [truncated N bytes]" (values/line_truncation.hpp):
// a handler logging a 50 MB request must not fill the rotated log files.
#include <cstddef>
#include <memory>

#include <spdlog/formatter.h>

namespace sf::detail {

class TruncatingFormatter final : public spdlog::formatter {
 public:
  TruncatingFormatter(std::unique_ptr<spdlog::formatter> inner, std::size_t max_message_bytes);

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;

 private:
  std::unique_ptr<spdlog::formatter> inner_;
  std::size_t max_message_bytes_;
};

}  // namespace sf::detail
