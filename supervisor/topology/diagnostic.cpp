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

namespace {
// Messages quote what the file says, and a quoted YAML scalar may hold a
// newline (a blank line inside "..."): shown as \x0a, a diagnostic stays the
// one line editors and CI parse (found by tools/fuzz: fuzz_topology).
std::string one_line(std::string message) {
  std::string out;
  out.reserve(message.size());
  for (char c : message) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7f) {
      out += fmt::format("\\x{:02x}", b);
    } else {
      out += c;
    }
  }
  return out;
}
}  // namespace

void Diagnostics::add(SourceMark at, std::string message) {
  list_.push_back(Diagnostic{file_, at.line, at.line > 0 ? std::max(at.column, 1) : 0,
                             one_line(std::move(message))});
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
