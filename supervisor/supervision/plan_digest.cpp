#include "supervision/plan_digest.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <fstream>
#include <functional>

#include <fmt/format.h>

#include "supervision/file_identity.hpp"

namespace sfsup {

using nlohmann::json;

namespace {

// Small files by content (a config rewritten unchanged is no change); big
// ones (the worker binary, a plugin with debug info) by identity, so `up`
// stays quick.
constexpr off_t kHashLimit = 4 * 1024 * 1024;

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string content;
  content.resize(static_cast<std::size_t>(std::filesystem::file_size(path)));
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<std::size_t>(in.gcount()));
  return content;
}

// Every service of a topology names the same worker binary and often the
// same plugin: hashing a 3 MB plugin once per service was most of sfsup's
// CPU in a 50-service bring-up (perf, BENCHMARKS.md). A file whose identity
// (file_identity.hpp) is unchanged has the content it had, so its hash is
// kept; a rewrite changes the identity and is hashed again; a file modified
// in the last two seconds is hashed every time.
std::string file_identity(const std::string& path) {
  const auto id = file_identity_of(path);
  if (!id) return {};
  if (id->size > kHashLimit)
    return fmt::format("size {} mtime {}.{:09} inode {}", id->size, id->mtime.tv_sec, id->mtime.tv_nsec, id->inode);
  static std::map<std::string, std::string> hashed;  // path and identity -> content identity
  const std::string key = path + ":" + id->text;
  if (auto it = hashed.find(key); it != hashed.end()) return it->second;
  const std::string content = read_whole_file(path);
  const std::string identity = fmt::format("size {} hash {:016x}", content.size(), std::hash<std::string>{}(content));
  if (!id->settled) return identity;
  if (hashed.size() > 4096) hashed.clear();  // a long-lived supervisor's configs churn
  return hashed[key] = identity;
}

json restart_json(const RestartPolicy& r) {
  return {{"mode", static_cast<int>(r.mode)},
          {"backoff_initial", r.backoff_initial.count()},
          {"backoff_step", r.backoff_step.count()},
          {"backoff_max", r.backoff_max.count()},
          {"intensity_max_restarts", r.intensity_max_restarts},
          {"intensity_period", r.intensity_period.count()}};
}

// A file named on the command line, in the words the user knows it by.
std::string file_role(const std::vector<std::string>& argv, std::size_t index) {
  const std::string flag = index > 0 ? argv[index - 1] : "";
  if (flag == "-s") return "plugin file";
  if (flag == "-c") return "config";
  if (flag == "-a") return "endpoints";
  if (flag == "--sf-curve") return "CURVE keys";
  if (index == 0) return "worker binary";
  return "file " + argv[index];
}

}  // namespace

json plan_digest(const WorkerSpec& spec) {
  json files = json::object();
  for (std::size_t i = 0; i < spec.argv.size(); ++i) {
    const std::string identity = file_identity(spec.argv[i]);
    if (!identity.empty()) files[file_role(spec.argv, i)] = identity;
  }
  return {{"args", spec.argv},
          {"env", spec.env},
          {"endpoints", spec.endpoints},
          {"leading_edge", spec.leading_edge},
          {"depends_on", spec.depends_on},
          {"restart settings",
           {{"policy", restart_json(spec.restart)},
            {"stop_timeout", spec.stop_timeout.count()},
            {"ready_timeout", spec.ready_timeout.count()}}},
          {"files", files}};
}

std::vector<std::string> plan_differences(const json& before, const json& now) {
  std::vector<std::string> out;
  auto add = [&](const std::string& why) {
    if (std::find(out.begin(), out.end(), why) == out.end()) out.push_back(why);
  };
  const json no_files = json::object();
  const json& files_before = before.contains("files") ? before["files"] : no_files;
  const json& files_now = now.contains("files") ? now["files"] : no_files;
  for (const auto& [role, identity] : files_now.items())
    if (!files_before.contains(role) || files_before[role] != identity) add(role);
  for (const auto& [role, identity] : files_before.items())
    if (!files_now.contains(role)) add(role);
  for (const char* key : {"args", "env", "endpoints", "restart settings"})
    if (before.value(key, json()) != now.value(key, json())) add(key);
  if (before.value("leading_edge", json()) != now.value("leading_edge", json())) add("main mode");
  if (before.value("depends_on", json()) != now.value("depends_on", json())) add("dependencies");
  return out;
}

}  // namespace sfsup
