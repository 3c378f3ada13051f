#include "topology/yaml_syntax.hpp"

#include <optional>
#include <vector>

#include <fmt/format.h>

namespace sfsup {

namespace {

struct Opener {
  char bracket;
  SourceMark mark;
};

// The first tab in the indentation of a line up to `last_line` (1-based).
std::optional<SourceMark> tab_in_indentation(const std::string& text, int last_line) {
  int line = 1;
  std::size_t start = 0;
  while (start <= text.size() && line <= last_line) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::size_t content = start;
    while (content < end && (text[content] == ' ' || text[content] == '\t')) ++content;
    // Blank and comment-only lines may hold tabs; indentation may not.
    const bool has_content = content < end && text[content] != '#' && text[content] != '\r';
    const std::size_t tab = text.find('\t', start);
    if (has_content && tab < content) return SourceMark{line, static_cast<int>(tab - start) + 1};
    start = end + 1;
    ++line;
  }
  return std::nullopt;
}

// `{` and `[` still open at (line, column), skipping quoted text and comments.
// `variable_in_flow` gets the first unquoted `${` inside a flow collection,
// which YAML reads as a bracket, not as part of the value.
std::vector<Opener> open_brackets(const std::string& text, SourceMark until,
                                  std::optional<SourceMark>& variable_in_flow) {
  std::vector<Opener> open;
  int line = 1, column = 0;
  char quote = 0;
  bool comment = false;
  char previous = '\n';
  for (char c : text) {
    if (c == '\n') {
      ++line;
      column = 0;
      comment = false;
      previous = c;
      continue;
    }
    ++column;
    if (line > until.line) break;
    // Past the error only a `${` on its line is still looked for: the stack stays as it was.
    const bool past_error = line == until.line && column >= until.column;
    if (comment) continue;
    if (past_error) {
      if (!quote && c == '{' && previous == '$' && !open.empty() && !variable_in_flow)
        variable_in_flow = SourceMark{line, column - 1};
      if (quote && c == quote) quote = 0;
      previous = c;
      continue;
    }
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '#' && (previous == ' ' || previous == '\t' || previous == '\n')) {
      comment = true;
    } else if ((c == '"' || c == '\'') &&
               (previous == ' ' || previous == '\n' || previous == '{' || previous == '[' ||
                previous == ',' || previous == ':')) {
      quote = c;
    } else if (c == '{' && previous == '$' && !open.empty()) {
      if (!variable_in_flow) variable_in_flow = SourceMark{line, column - 1};
      open.push_back({c, {line, column}});
    } else if (c == '{' || c == '[') {
      open.push_back({c, {line, column}});
    } else if ((c == '}' || c == ']') && !open.empty()) {
      open.pop_back();
    }
    previous = c;
  }
  return open;
}

}  // namespace

SyntaxProblem explain_yaml_error(const std::string& text, const YAML::ParserException& error) {
  const SourceMark at{error.mark.line + 1, error.mark.column + 1};
  if (auto tab = tab_in_indentation(text, at.line + 1)) {
    return {*tab, "a tab is used for indentation; YAML indents with spaces only, so replace the tab "
                  "with spaces"};
  }
  const bool flow = error.msg.find("flow") != std::string::npos;
  if (flow) {
    std::optional<SourceMark> variable_in_flow;
    const auto open = open_brackets(text, at, variable_in_flow);
    if (variable_in_flow) {
      return {*variable_in_flow, "a ${VAR} inside a {...} or [...] flow collection must be quoted "
                                 "(YAML reads its braces as brackets); write \"${VAR}\", $VAR, "
                                 "or put the key on its own line"};
    }
    if (!open.empty()) {
      const Opener& o = open.back();
      const char close = o.bracket == '{' ? '}' : ']';
      return {o.mark, fmt::format("this '{}' is never closed (YAML reached line {} still inside "
                                  "it); add the matching '{}'",
                                  o.bracket, at.line, close)};
    }
  }
  return {at, fmt::format("invalid YAML: {}; fix the syntax here", error.msg)};
}

}  // namespace sfsup
