#pragma once
// `sfsup new service NAME`: writes the folder of service_templates.hpp.
#include <filesystem>
#include <string>
#include <vector>

#include "scaffold/service_templates.hpp"

namespace sfsup::scaffold {

// Throws std::runtime_error with one line (a name that is not a C++
// identifier, a folder that exists and is not empty). Returns the files
// written, relative to `folder`.
std::vector<std::string> write_new_service(const std::filesystem::path& folder, const std::string& name,
                                           ServiceKind kind);

}  // namespace sfsup::scaffold
