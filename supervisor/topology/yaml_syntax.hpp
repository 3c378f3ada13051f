#pragma once
// Where a YAML syntax error really is. yaml-cpp reports an unclosed `{` or `[`
// where it gave up (often lines later) and a tab in the indentation as "end
// of map not found"; this points at the construct the user has to fix.
#include <string>

#include <yaml-cpp/yaml.h>

#include "topology/diagnostic.hpp"

namespace sfsup {

struct SyntaxProblem {
  SourceMark mark;
  std::string message;  // "what is wrong; how to fix it"
};

// `text` is the whole file yaml-cpp failed on with `error`.
SyntaxProblem explain_yaml_error(const std::string& text, const YAML::ParserException& error);

}  // namespace sfsup
