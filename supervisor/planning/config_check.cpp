#include "planning/config_check.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "topology/close_match.hpp"

namespace sfsup {

void check_config(const ServiceDecl& service, const ServiceDescription& description,
                  Diagnostics& diagnostics) {
  std::vector<std::string> declared;
  for (const auto& [key, type] : description.config_required.items()) declared.push_back(key);
  for (const auto& [key, type] : description.config_optional.items()) declared.push_back(key);
  const std::string plugin = service.plugin.filename().string();

  auto check_known = [&](const std::string& key, SourceMark mark, const char* where) {
    if (std::find(declared.begin(), declared.end(), key) != declared.end()) return;
    diagnostics.add(mark, fmt::format("{} key '{}' is not in the config model of '{}' ({}); {}",
                                      where, key, service.name, plugin,
                                      declared.empty() ? std::string("this service takes no config, "
                                                                     "so remove it")
                                                       : suggest(key, declared)));
  };
  for (const auto& [key, value] : service.config.items()) {
    check_known(key, service.config_marks.at(key), "config");
  }
  for (const auto& arg : service.args) check_known(arg.key, arg.mark, "args");

  // setup_config may add keys at startup, so their absence here is not certain.
  if (description.has_setup_config) return;
  std::vector<std::string> missing;
  for (const auto& [key, type] : description.config_required.items()) {
    const bool given = service.config.contains(key) ||
                       std::any_of(service.args.begin(), service.args.end(),
                                   [&key = key](const ExtraArg& a) { return a.key == key; });
    if (!given) {
      missing.push_back(fmt::format("{} ({})", key, type.is_string() ? type.get<std::string>() : type.dump()));
    }
  }
  if (!missing.empty()) {
    diagnostics.add(service.config_mark.line ? service.config_mark : service.mark,
                    fmt::format("service '{}' lacks required config {}; add {} under config:",
                                service.name, fmt::join(missing, ", "),
                                missing.size() == 1 ? "it" : "them"));
  }
}

}  // namespace sfsup
