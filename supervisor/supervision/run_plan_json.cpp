#include "supervision/run_plan_json.hpp"

#include <fstream>

#include <fmt/format.h>

#include "signal_names.hpp"
#include "supervision/restart_tracker.hpp"

namespace sfsup {

using nlohmann::json;
using std::chrono::milliseconds;

std::optional<RestartMode> parse_restart_mode(std::string_view text) {
  if (text == "always") return RestartMode::always;
  if (text == "on-failure") return RestartMode::on_failure;
  if (text == "never") return RestartMode::never;
  return std::nullopt;
}

json run_plan_to_json(const RunPlan& plan) {
  json workers = json::array();
  for (const auto& w : plan.workers) {
    workers.push_back({
        {"name", w.name},
        {"argv", w.argv},
        {"env", w.env},
        {"leading_edge", w.leading_edge},
        {"depends_on", w.depends_on},
        {"restart",
         {{"mode", to_string(w.restart.mode)},
          {"backoff_initial_ms", w.restart.backoff_initial.count()},
          {"backoff_step_ms", w.restart.backoff_step.count()},
          {"backoff_max_ms", w.restart.backoff_max.count()},
          {"intensity_max_restarts", w.restart.intensity_max_restarts},
          {"intensity_period_ms", w.restart.intensity_period.count()}}},
        {"stop_signal", w.stop_signal ? json(signal_name(w.stop_signal)) : json(nullptr)},
        {"stop_timeout_ms", w.stop_timeout.count()},
        {"ready_timeout_ms", w.ready_timeout.count()},
        {"log_file", w.log_file.string()},
        {"max_log_line_bytes", w.max_log_line_bytes},
        {"endpoints", w.endpoints},
    });
  }
  return {{"name", plan.name},
          {"topology_file", plan.topology_file.string()},
          {"run_dir", plan.run_dir.string()},
          {"ipc_dir", plan.ipc_dir.string()},
          {"notes", plan.notes},
          {"start_only", plan.start_only},
          {"metrics_address", plan.metrics_address},
          {"metrics_remote", plan.metrics_remote},
          {"workers", workers}};
}

namespace {

// Reads optional fields with one-line errors naming the field's path.
class Reader {
 public:
  Reader(const json& j, std::string where) : j_(j), where_(std::move(where)) {
    if (!j_.is_object()) fail("must be an object");
  }
  [[noreturn]] void fail(std::string_view what, std::string_view key = {}) const {
    throw PlanFormatError(key.empty() ? fmt::format("{}: {}", where_, what)
                                      : fmt::format("{}.{}: {}", where_, key, what));
  }
  template <class T>
  void get(const char* key, T& out) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return;
    try {
      out = it->template get<T>();
    } catch (const json::exception&) {
      fail(fmt::format("has the wrong type ({})", it->type_name()), key);
    }
  }
  void get_ms(const char* key, milliseconds& out) const {
    long long ms = out.count();
    get(key, ms);
    if (ms < 0) fail("must not be negative", key);
    out = milliseconds(ms);
  }
  const json* child(const char* key) const {
    auto it = j_.find(key);
    return it == j_.end() || it->is_null() ? nullptr : &*it;
  }
  std::string path(std::string_view key) const { return fmt::format("{}.{}", where_, key); }

 private:
  const json& j_;
  std::string where_;
};

WorkerSpec worker_from_json(const json& j, const std::string& where) {
  Reader r(j, where);
  WorkerSpec w;
  r.get("name", w.name);
  if (w.name.empty()) r.fail("needs a non-empty string", "name");
  r.get("argv", w.argv);
  if (w.argv.empty()) r.fail("needs the command to run, e.g. [\"sh\", \"-c\", \"...\"]", "argv");
  r.get("env", w.env);
  r.get("leading_edge", w.leading_edge);
  r.get("depends_on", w.depends_on);
  std::string stop_signal;
  r.get("stop_signal", stop_signal);
  if (!stop_signal.empty()) {
    auto sig = parse_signal(stop_signal);
    if (!sig) r.fail(fmt::format("'{}' is not a signal (write e.g. \"SIGINT\")", stop_signal), "stop_signal");
    w.stop_signal = *sig;
  }
  r.get_ms("stop_timeout_ms", w.stop_timeout);
  r.get_ms("ready_timeout_ms", w.ready_timeout);
  std::string log_file;
  r.get("log_file", log_file);
  w.log_file = log_file;
  r.get("max_log_line_bytes", w.max_log_line_bytes);
  r.get("endpoints", w.endpoints);
  if (const json* restart = r.child("restart")) {
    Reader rr(*restart, r.path("restart"));
    std::string mode = to_string(w.restart.mode);
    rr.get("mode", mode);
    auto parsed = parse_restart_mode(mode);
    if (!parsed) rr.fail(fmt::format("'{}' is not one of always, on-failure, never", mode), "mode");
    w.restart.mode = *parsed;
    rr.get_ms("backoff_initial_ms", w.restart.backoff_initial);
    rr.get_ms("backoff_step_ms", w.restart.backoff_step);
    rr.get_ms("backoff_max_ms", w.restart.backoff_max);
    rr.get("intensity_max_restarts", w.restart.intensity_max_restarts);
    rr.get_ms("intensity_period_ms", w.restart.intensity_period);
  }
  return w;
}

}  // namespace

RunPlan run_plan_from_json(const json& j, const std::string& where) {
  Reader r(j, where);
  RunPlan plan;
  r.get("name", plan.name);
  std::string topology_file, run_dir;
  r.get("topology_file", topology_file);
  r.get("run_dir", run_dir);
  std::string ipc_dir;
  r.get("ipc_dir", ipc_dir);
  r.get("notes", plan.notes);
  r.get("start_only", plan.start_only);
  r.get("metrics_address", plan.metrics_address);
  r.get("metrics_remote", plan.metrics_remote);
  plan.topology_file = topology_file;
  plan.run_dir = run_dir;
  plan.ipc_dir = ipc_dir;
  const json* workers = r.child("workers");
  if (!workers || !workers->is_array() || workers->empty())
    r.fail("needs a non-empty list of workers", "workers");
  for (std::size_t i = 0; i < workers->size(); ++i) {
    plan.workers.push_back(
        worker_from_json((*workers)[i], fmt::format("{}.workers[{}]", where, i)));
    for (std::size_t k = 0; k < i; ++k)
      if (plan.workers[k].name == plan.workers[i].name)
        throw PlanFormatError(fmt::format("{}.workers[{}].name: '{}' is used twice", where, i,
                                          plan.workers[i].name));
  }
  return plan;
}

RunPlan load_run_plan(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw PlanFormatError(fmt::format("{}: cannot read this file", file.string()));
  json j;
  try {
    j = json::parse(in);
  } catch (const json::parse_error& e) {
    throw PlanFormatError(fmt::format("{}: not valid JSON (byte {})", file.string(), e.byte));
  }
  return run_plan_from_json(j, file.string());
}

}  // namespace sfsup
