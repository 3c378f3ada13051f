// describe_cached(): plugin descriptions kept in the run directory across
// runs, and described again whenever the plugin or the worker binary is no
// longer the file that was described. Each "run" is a fresh describe_cached()
// over the same run directory, as each `sfsup up` is.
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include <stdexcept>

#include "planning/describe_cache.hpp"
#include "topology_fixtures.hpp"

using namespace topotest;

namespace {

// A stand-in for describe_with_worker: counts its calls and says which
// content of the plugin it saw.
struct CountingDescribe {
  int calls = 0;
  sfsup::DescribeFn fn() {
    return [this](const fs::path& plugin) {
      ++calls;
      std::ifstream in(plugin);
      std::string content((std::istreambuf_iterator<char>(in)), {});
      if (content == "broken") throw std::runtime_error("cannot load " + plugin.string());
      return json{{"abi", 1}, {"content", content}};
    };
  }
};

// Modified `seconds_ago`: files older than two seconds may be cached by identity.
void set_mtime(const fs::path& path, long seconds_ago, long nanoseconds = 0) {
  timespec times[2];
  times[0].tv_sec = times[1].tv_sec = ::time(nullptr) - seconds_ago;
  times[0].tv_nsec = times[1].tv_nsec = nanoseconds;
  REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}

struct Files {
  TempDir dir;
  fs::path plugin = dir.path() / "libecho.so";
  fs::path worker = dir.path() / "service_framework";
  fs::path run = dir.path() / "run";
  Files() {
    write_file(plugin, "echo v1");
    write_file(worker, "worker v1");
    set_mtime(plugin, 3600);
    set_mtime(worker, 3600);
  }
  json describe_in_a_new_run(CountingDescribe& counting) {
    return sfsup::describe_cached(run, worker, counting.fn())(plugin);
  }
};

}  // namespace

TEST_CASE("a plugin's description is kept in the run directory and used by the next run") {
  Files files;
  CountingDescribe counting;
  CHECK(files.describe_in_a_new_run(counting)["content"] == "echo v1");
  CHECK(counting.calls == 1);
  struct stat st {};
  REQUIRE(::lstat((files.run / "describe.json").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);

  CHECK(files.describe_in_a_new_run(counting)["content"] == "echo v1");
  CHECK(files.describe_in_a_new_run(counting)["content"] == "echo v1");
  CHECK(counting.calls == 1);
}

TEST_CASE("a plugin with new content - size or mtime is described again") {
  Files files;
  CountingDescribe counting;
  files.describe_in_a_new_run(counting);
  REQUIRE(counting.calls == 1);

  SUBCASE("new content of the same size and an older mtime") {
    write_file(files.plugin, "echo v2");
    set_mtime(files.plugin, 7200);
    CHECK(files.describe_in_a_new_run(counting)["content"] == "echo v2");
  }
  SUBCASE("a new size") {
    write_file(files.plugin, "echo version 2");
    set_mtime(files.plugin, 3600);
    CHECK(files.describe_in_a_new_run(counting)["content"] == "echo version 2");
  }
  SUBCASE("only the mtime moved") {
    set_mtime(files.plugin, 3600, 5);
    files.describe_in_a_new_run(counting);
  }
  SUBCASE("replaced by another file (a new inode)") {
    write_file(files.dir.path() / "rebuilt.so", "echo v1");
    fs::rename(files.dir.path() / "rebuilt.so", files.plugin);
    set_mtime(files.plugin, 3600);
    files.describe_in_a_new_run(counting);
  }
  SUBCASE("a rebuilt worker binary (it prints the description)") {
    write_file(files.worker, "worker v2");
    set_mtime(files.worker, 1800);
    files.describe_in_a_new_run(counting);
  }
  CHECK(counting.calls == 2);
  // and the new description is the one kept
  files.describe_in_a_new_run(counting);
  CHECK(counting.calls == 2);
}

TEST_CASE("a plugin modified in the last two seconds is described every time") {
  Files files;
  CountingDescribe counting;
  set_mtime(files.plugin, 0);
  files.describe_in_a_new_run(counting);
  files.describe_in_a_new_run(counting);
  CHECK(counting.calls == 2);
}

TEST_CASE("a failed description is not kept") {
  Files files;
  CountingDescribe counting;
  write_file(files.plugin, "broken");
  set_mtime(files.plugin, 3600);
  CHECK_THROWS_AS(files.describe_in_a_new_run(counting), std::runtime_error);
  CHECK_THROWS_AS(files.describe_in_a_new_run(counting), std::runtime_error);
  CHECK(counting.calls == 2);
}

TEST_CASE("a describe.json that is garbage or a planted symlink is ignored and replaced") {
  Files files;
  CountingDescribe counting;
  fs::create_directories(files.run);
  ::chmod(files.run.c_str(), 0700);
  SUBCASE("garbage") { write_file(files.run / "describe.json", "{\"not\": json"); }
  SUBCASE("a symlink") {
    write_file(files.dir.path() / "elsewhere.json", "keep");
    fs::create_symlink(files.dir.path() / "elsewhere.json", files.run / "describe.json");
  }
  CHECK(files.describe_in_a_new_run(counting)["content"] == "echo v1");
  CHECK(counting.calls == 1);
  CHECK_FALSE(fs::is_symlink(files.run / "describe.json"));
  CHECK(read_json(files.run / "describe.json").is_object());
  if (fs::exists(files.dir.path() / "elsewhere.json")) {
    std::ifstream in(files.dir.path() / "elsewhere.json");
    CHECK(std::string((std::istreambuf_iterator<char>(in)), {}) == "keep");
  }
  files.describe_in_a_new_run(counting);
  CHECK(counting.calls == 1);
}
