// `sfsup export kubernetes|compose TOPOLOGY [-o DIR] [--image IMAGE] [--namespace NS]`:
// the checked topology as files for a container engine (export/).
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "cli/commands.hpp"
#include "cli/worker_binary.hpp"
#include "export/compose_file.hpp"
#include "export/kubernetes_manifests.hpp"
#include "topology/parse_topology.hpp"

namespace sfsup::cli {

namespace fs = std::filesystem;

namespace {

void write_text(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw std::runtime_error(fmt::format("cannot write {}; choose a writable -o DIR", file.string()));
}

// Prints each path it wrote, so a user or a script sees exactly what to apply.
void write_files(const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& files) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw std::runtime_error(fmt::format("cannot create {}: {}; choose a writable -o DIR", dir.string(), ec.message()));
  for (const auto& [name, text] : files) {
    write_text(dir / name, text);
    fmt::print("{}\n", (dir / name).string());
  }
}

}  // namespace

int run_export(const Options& options) {
  const std::string& engine = options.args.at(0);
  if (engine != "kubernetes" && engine != "compose") {
    fmt::print(stderr, "sfsup: unknown export target '{}'; use `sfsup export kubernetes` or `sfsup export compose`\n",
               engine);
    return kExitUsage;
  }
  if (options.namespace_name && engine != "kubernetes") {
    fmt::print(stderr, "sfsup: --namespace only applies to `sfsup export kubernetes`\n");
    return kExitUsage;
  }
  if (options.namespace_name && dns_label(*options.namespace_name) != *options.namespace_name) {
    fmt::print(stderr,
               "sfsup: --namespace '{}' is not a DNS label; use lower case letters, digits and '-' "
               "(e.g. {})\n",
               *options.namespace_name, dns_label(*options.namespace_name));
    return kExitUsage;
  }
  const fs::path topology = options.args.at(1);
  const std::string image = options.image.value_or(fmt::format("service-framework:{}", SF_VERSION));
  const auto describe = describe_with_worker(find_worker_binary(options.worker));

  ExportPlan plan;
  std::string ns;
  try {
    // The namespace is part of every connect address, so it is known before planning.
    ns = options.namespace_name.value_or("");
    if (ns.empty()) {
      Diagnostics reported_by_plan_export(topology.string());
      ns = dns_label(parse_topology(topology, reported_by_plan_export).name);
    }
    plan = plan_export(topology, describe, engine == "kubernetes" ? fmt::format(".{}.svc", ns) : "");
  } catch (const TopologyError& e) {
    for (const auto& d : e.diagnostics) fmt::print(stderr, "{}\n", d.to_string());
    fmt::print(stderr, "sfsup: {}: {} problem{}; nothing was exported\n", topology.string(), e.diagnostics.size(),
               e.diagnostics.size() == 1 ? "" : "s");
    return kExitFailure;
  }
  for (const auto& note : plan.notes) fmt::print(stderr, "sfsup: note: {}\n", note);

  std::vector<std::pair<std::string, std::string>> files;
  if (engine == "kubernetes") {
    for (const auto& f : kubernetes_manifests(plan, {.namespace_name = ns, .image = image}))
      files.emplace_back(f.file_name, to_yaml_stream(f.documents));
  } else {
    files.emplace_back("compose.yaml", to_yaml(compose_file(plan, image)));
  }
  if (options.output) {
    write_files(*options.output, files);
  } else {
    std::string all;
    for (const auto& [name, text] : files) all += (all.empty() ? "" : "---\n") + text;
    fmt::print("{}", all);
  }
  return 0;
}

}  // namespace sfsup::cli
