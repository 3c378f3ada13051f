#pragma once
// The files `sfsup new service NAME --kind KIND` writes: a standalone folder
// that builds against the installed package, tests its handler, and runs
// under sfsup. Each text uses @NAME@ for the service's name.
#include <string>
#include <string_view>
#include <vector>

namespace sfsup::scaffold {

struct TemplateFile {
  std::string path;  // relative to the new folder, may contain @NAME@
  std::string text;
};

enum class ServiceKind { replyer, subscriber, publisher, main };

// "replyer" -> ServiceKind::replyer; nullopt-like false when unknown.
bool parse_kind(std::string_view text, ServiceKind& kind);
std::string_view kind_names();  // "replyer, subscriber, publisher, main"

std::vector<TemplateFile> service_templates(ServiceKind kind);

}  // namespace sfsup::scaffold
