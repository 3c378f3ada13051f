#include "model/type_names.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace sf::detail {
namespace {

constexpr std::array<std::pair<std::string_view, TypeKind>, 10> kScalars{{
    {"str", TypeKind::Str},
    {"int", TypeKind::Int},
    {"float", TypeKind::Float},
    {"bool", TypeKind::Bool},
    {"decimal", TypeKind::Decimal},
    {"datetime", TypeKind::Datetime},
    {"uuid", TypeKind::Uuid},
    {"bytes", TypeKind::Bytes},
    {"any", TypeKind::Any},
    {"none", TypeKind::None},
}};

constexpr std::array<std::string_view, 6> kContainers{"list", "map", "dict", "tuple", "set", "enum"};

// Names other languages use for our types; edit distance would miss them.
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kForeignNames{{
    {"string", "str"},
    {"integer", "int"},
    {"double", "float"},
    {"boolean", "bool"},
    {"null", "none"},
    {"nonetype", "none"},
    {"object", "map"},
    {"array", "list"},
    {"vector", "list"},
    {"timestamp", "datetime"},
    {"binary", "bytes"},
    {"number", "float"},
}};

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

std::optional<TypeKind> scalar_kind_by_name(std::string_view name) {
  for (const auto& [word, kind] : kScalars)
    if (word == name) return kind;
  return std::nullopt;
}

std::string_view type_name(TypeKind kind) {
  for (const auto& [word, k] : kScalars)
    if (k == kind) return word;
  switch (kind) {
    case TypeKind::List: return "list";
    case TypeKind::Set: return "set";
    case TypeKind::Map: return "map";
    case TypeKind::Tuple: return "tuple";
    case TypeKind::Enum: return "enum";
    default: return "";
  }
}

std::string suggest_type_name(std::string_view name) {
  const std::string lower = lowercase(name);
  for (const auto& [foreign, ours] : kForeignNames)
    if (lower == foreign) return std::string(ours);
  std::string best;
  // Farther than two edits, or than half the word, is a guess, not a typo.
  std::size_t best_distance = std::min<std::size_t>(3, std::max<std::size_t>(1, lower.size() / 2) + 1);
  auto consider = [&](std::string_view word) {
    const std::size_t d = edit_distance(lower, word);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(word);
    }
  };
  for (const auto& entry : kScalars) consider(entry.first);
  for (std::string_view word : kContainers) consider(word);
  return best;
}

std::string known_type_names() {
  std::vector<std::string_view> words;
  for (const auto& entry : kScalars) words.push_back(entry.first);
  for (std::string_view word : kContainers)
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
  return fmt::format("{}", fmt::join(words, ", "));
}

}  // namespace sf::detail
