#pragma once
// market.yaml up under sfsup for the metrics tests, and the status (with the
// workers' counters) read from its control socket after a given metrics round.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sfsup_fixture.hpp"

namespace metrics_fixture {

using sfsup_test::json;
using sfsup_test::Run;

// `sfsup <args>`, run to completion.
Run run_sfsup(std::vector<std::string> args, std::chrono::milliseconds timeout = std::chrono::seconds(60));

// market.yaml, with its plugins found in this build tree, up in the background;
// `edit` changes the file's text first (services is its last section, so
// appended lines add services).
class Market {
 public:
  explicit Market(std::vector<std::string> extra = {},
                  const std::function<std::string(std::string)>& edit = [](std::string yaml) { return yaml; });
  ~Market();
  Market(const Market&) = delete;

  const Run& up() const { return up_; }
  std::filesystem::path run_dir() const { return tmp_ / "run"; }
  const sftest::TempDir& tmp() const { return tmp_; }
  Run sfsup(std::vector<std::string> args);

  // The control socket's status with metrics, after metrics round `after`
  // (the supervisor answers once a newer round is in: a real event, no sleep).
  json status_after(std::optional<std::uint64_t> after);

 private:
  sftest::TempDir tmp_;
  Run up_;
};

json service_in(const json& status, const std::string& name);
json endpoint_in(const json& service, const std::string& name);

}  // namespace metrics_fixture
