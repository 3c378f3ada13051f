#include "topology/close_match.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace sfsup {

namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Optimal string alignment distance: Levenshtein plus adjacent swaps, the
// commonest typo ("tpc" for "tcp") costing 1.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  const std::string needle = lowercase(word);
  // Short words get less slack: "in" must not "match" "out".
  const std::size_t allowed = needle.size() <= 4 ? 1 : needle.size() <= 8 ? 2 : 3;
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (const auto& candidate : candidates) {
    const std::string lowered = lowercase(candidate);
    const std::size_t d = edit_distance(needle, lowered);
    // On a tie, a candidate starting with the same letter is the likelier intent.
    const bool better = d < best_distance ||
                        (d == best_distance && best && !needle.empty() && lowered[0] == needle[0] &&
                         lowercase(*best)[0] != needle[0]);
    if (better) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string suggest(std::string_view word, const std::vector<std::string>& candidates) {
  if (auto match = closest_match(word, candidates)) return fmt::format("did you mean '{}'?", *match);
  if (candidates.empty()) return "there are none to choose from";
  return fmt::format("expected one of: {}", fmt::join(candidates, ", "));
}

}  // namespace sfsup
