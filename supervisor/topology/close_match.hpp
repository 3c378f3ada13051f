#pragma once
// "did you mean ...?" for misspelt keys, service and connection names.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sfsup {

// The candidate closest to `word` by edit distance, when close enough to be a
// plausible typo (distance scales with the word's length).
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

// The fix half of a diagnostic: "did you mean 'restart'?" when one candidate
// is close, otherwise "expected one of: a, b, c" (or "there are none").
std::string suggest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace sfsup
