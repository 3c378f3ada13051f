#include "topology/diagnostic.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace sfsup {

std::string Diagnostic::to_string() const {
  if (line <= 0) return fmt::format("{}: {}", file, message);
  return fmt::format("{}:{}:{}: {}", file, line, column, message);
}

namespace {
std::string join_lines(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) {
    if (!text.empty()) text += '\n';
    text += d.to_string();
  }
  return text.empty() ? std::string("invalid topology") : text;
}
}  // namespace

TopologyError::TopologyError(std::vector<Diagnostic> list)
    : std::runtime_error(join_lines(list)), diagnostics(std::move(list)) {}

void Diagnostics::add(SourceMark at, std::string message) {
  list_.push_back(Diagnostic{file_, at.line, at.line > 0 ? std::max(at.column, 1) : 0,
                             std::move(message)});
}

void Diagnostics::add_in(std::string file, SourceMark at, std::string message) {
  list_.push_back(Diagnostic{std::move(file), at.line, at.line > 0 ? std::max(at.column, 1) : 0,
                             std::move(message)});
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  auto out = list_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return out;
}

}  // namespace sfsup
