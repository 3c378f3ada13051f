#include "scaffold/new_service.hpp"

#include <fstream>
#include <regex>
#include <stdexcept>

#include <fmt/format.h>

namespace sfsup::scaffold {

namespace fs = std::filesystem;

std::vector<TemplateFile> common_templates();
std::vector<TemplateFile> replyer_templates();
std::vector<TemplateFile> subscriber_templates();
std::vector<TemplateFile> publisher_templates();
std::vector<TemplateFile> main_templates();

bool parse_kind(std::string_view text, ServiceKind& kind) {
  if (text == "replyer") kind = ServiceKind::replyer;
  else if (text == "subscriber") kind = ServiceKind::subscriber;
  else if (text == "publisher") kind = ServiceKind::publisher;
  else if (text == "main") kind = ServiceKind::main;
  else return false;
  return true;
}

std::string_view kind_names() { return "replyer, subscriber, publisher, main"; }

namespace {

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// What the README suggests after `sfsup up -d`.
std::string try_it(ServiceKind kind, const std::string& name) {
  if (kind == ServiceKind::replyer) return fmt::format("sfsup call {}.greet '{{\"name\": \"Ada\"}}'", name);
  return fmt::format("sfsup logs {}", name);
}

}  // namespace

std::vector<TemplateFile> service_templates(ServiceKind kind) {
  auto files = common_templates();
  auto add = [&](std::vector<TemplateFile> more) { files.insert(files.end(), more.begin(), more.end()); };
  switch (kind) {
    case ServiceKind::replyer: add(replyer_templates()); break;
    case ServiceKind::subscriber: add(subscriber_templates()); break;
    case ServiceKind::publisher: add(publisher_templates()); break;
    case ServiceKind::main: add(main_templates()); break;
  }
  return files;
}

std::vector<std::string> write_new_service(const fs::path& folder, const std::string& name, ServiceKind kind) {
  // The name becomes a C++ namespace, a CMake target and lib<name>.so.
  static const std::regex identifier("[a-z_][a-z0-9_]*");
  if (!std::regex_match(name, identifier))
    throw std::runtime_error(fmt::format("'{}' can't name a service: use lower-case letters, digits and '_', "
                                         "starting with a letter (e.g. order_router)",
                                         name));
  std::error_code ec;
  if (fs::exists(folder, ec) && !fs::is_empty(folder, ec))
    throw std::runtime_error(fmt::format("{} already exists and is not empty; choose another name or --dir",
                                         folder.string()));

  std::vector<std::string> written;
  for (const auto& file : service_templates(kind)) {
    const std::string relative = replace_all(file.path, "@NAME@", name);
    std::string text = replace_all(replace_all(file.text, "@TRY_IT@", try_it(kind, name)), "@NAME@", name);
    const fs::path path = folder / relative;
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out.flush())
      throw std::runtime_error(fmt::format("cannot write {}; check the folder's permissions", path.string()));
    written.push_back(relative);
  }
  return written;
}

}  // namespace sfsup::scaffold
