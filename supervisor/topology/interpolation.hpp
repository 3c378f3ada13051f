#pragma once
// `${VAR}` in a topology's values, as docker compose reads them: from the
// environment, else from a `.env` file beside the topology. Done on the parsed
// YAML (values only, never keys), so every mistake keeps its line and column.
#include <filesystem>
#include <map>
#include <string>

#include <yaml-cpp/yaml.h>

#include "topology/diagnostic.hpp"

namespace sfsup {

// KEY=VALUE lines of `file` (absent: empty). `#` comments, blank lines, an
// optional `export ` prefix; 'single' quotes keep the text as is, "double"
// quotes understand \n \t \" \\; unquoted values lose a trailing ` # comment`.
std::map<std::string, std::string> read_dot_env(const std::filesystem::path& file,
                                                Diagnostics& diagnostics);

// Replaces, in every scalar value under `root`: `$$` by `$`, `$VAR` and
// `${VAR}` by the variable, `${VAR:-default}` (unset or empty) and
// `${VAR-default}` (unset) by the variable or the default, `${VAR:?message}`
// and `${VAR?message}` by the variable or an error. An unset `${VAR}` (or
// `$VAR`) without a default is an error at the value, not an empty string.
// The environment wins over `dot_env`.
void interpolate(YAML::Node root, const std::map<std::string, std::string>& dot_env,
                 Diagnostics& diagnostics);

}  // namespace sfsup
