#include "planning/describe_cache.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <memory>
#include <mutex>
#include <optional>

#include "control/private_dir.hpp"
#include "supervision/file_identity.hpp"

namespace sfsup {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kCacheFile = "describe.json";

json read_cache(const PrivateDir& dir) {
  try {
    UniqueFd file = dir.open_existing(kCacheFile, O_RDONLY);
    if (!file) return json::object();
    std::string text;
    char chunk[8192];
    for (ssize_t n; (n = ::read(file.get(), chunk, sizeof chunk)) != 0;) {
      if (n < 0) {
        if (errno == EINTR) continue;
        return json::object();
      }
      text.append(chunk, static_cast<std::size_t>(n));
    }
    json cache = json::parse(text, nullptr, /*allow_exceptions=*/false);
    return cache.is_object() ? cache : json::object();
  } catch (const std::exception&) {
    return json::object();  // refused (a planted symlink...): written over below
  }
}

// What an entry is kept under: both files' identities, or nothing when
// either is missing or too recently modified to be trusted.
std::optional<json> stamp_of(const fs::path& plugin, const fs::path& worker) {
  const auto p = file_identity_of(plugin.string());
  const auto w = file_identity_of(worker.string());
  if (!p || !w || !p->settled || !w->settled) return std::nullopt;
  return json{{"plugin", p->text}, {"worker", w->text}};
}

}  // namespace

DescribeFn describe_cached(const fs::path& run_dir, const fs::path& worker_binary, DescribeFn describe) {
  struct State {
    std::mutex mutex;
    std::optional<PrivateDir> dir;
    json cache;
    bool loaded = false;
  };
  auto state = std::make_shared<State>();
  const fs::path worker = fs::absolute(worker_binary);
  return [state, worker, run_dir, describe = std::move(describe)](const fs::path& plugin) -> json {
    std::error_code ec;
    fs::path key = fs::weakly_canonical(plugin, ec);
    if (ec) key = fs::absolute(plugin);
    std::lock_guard lock(state->mutex);
    if (!state->loaded) {
      state->loaded = true;
      try {
        state->dir.emplace(PrivateDir::open_or_create(run_dir));
        state->cache = read_cache(*state->dir);
      } catch (const std::exception&) {
        state->cache = json::object();  // planning reports the run directory itself
      }
    }
    const std::optional<json> stamp = stamp_of(key, worker);
    const auto kept = state->cache.find(key.string());
    if (stamp && kept != state->cache.end() && kept->is_object() && kept->value("stamp", json()) == *stamp &&
        kept->contains("description"))
      return kept->at("description");
    json description = describe(key);
    if (!stamp) return description;
    state->cache[key.string()] = json{{"stamp", *stamp}, {"description", description}};
    if (state->dir) {
      try {
        state->dir->write_if_changed(kCacheFile, state->cache.dump(1) + "\n");
      } catch (const std::exception&) {
        // Only the next run's time is lost; planning writes into the same
        // directory next and says what is wrong with it.
      }
    }
    return description;
  };
}

}  // namespace sfsup
