#include "core/service_runner.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include <sf/error.hpp>
#include <sf/log.hpp>

#include "config/config_sources.hpp"
#include "core/creation_arguments.hpp"
#include "core/endpoint_registry.hpp"
#include "core/logging.hpp"

namespace sf::detail {
namespace {

// Runs one lifecycle step, turning any failure into "service 'x': step: why".
template <typename F>
void step(const std::string& service, const char* name, F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    std::string_view what = e.what();
    // Messages that already start with the step's name ("config: ...") keep one prefix.
    bool named = what.rfind(std::string(name) + ":", 0) == 0;
    throw Error(named ? fmt::format("service '{}': {}", service, what)
                      : fmt::format("service '{}': {}: {}", service, name, what));
  }
}

const EndpointModels& models_of(const Definition& d, Kind kind) {
  return kind == Kind::connection ? d.connection_models : d.state_models;
}

}  // namespace

ServiceRunner::ServiceRunner(Definition definition, ServiceOptions options)
    : definition_(std::move(definition)), options_(std::move(options)) {
  if (options_.name.empty()) options_.name = "service";
  if (options_.max_log_line_bytes == 0) {
    throw Error(fmt::format("service '{}': max_log_line_bytes must be > 0; the default is 16 KiB", options_.name));
  }
  logger_ = make_service_logger({.service_name = options_.name,
                                 .console_level = options_.console_loglevel,
                                 .file_path = options_.log_path,
                                 .file_level = options_.file_loglevel,
                                 .backup_count = options_.backup_count,
                                 .max_line_bytes = options_.max_log_line_bytes});
}

void ServiceRunner::setup(bool main_mode) {
  // Hooks log through get_logger(): make it this service's logger.
  LoggerScope scope(logger_);
  setup_steps(main_mode);
}

void ServiceRunner::setup_steps(bool main_mode) {
  const std::string& name = options_.name;
  // A file left by an earlier run (compose restarts a container with its /tmp) must not
  // say "ready" before this run has bound anything.
  withdraw_ready_file();
  runtime_ = std::make_unique<Runtime>(definition_, name);
  if (options_.max_message_bytes <= 0) {
    throw Error(fmt::format("service '{}': max_message_bytes must be > 0 (got {}); the default is 64 MiB",
                            name, options_.max_message_bytes));
  }
  runtime_->set_max_message_bytes(options_.max_message_bytes);
  runtime_->set_max_subscriptions(options_.max_subscriptions);
  runtime_->set_stats_fd(stats_fd_);
  if (main_mode && !definition_.main) {
    throw Error(fmt::format("service '{}': main mode (-m) needs a main function in the definition", name));
  }
  // Before any socket: the ZAP handler must be there when the first CURVE server binds.
  if (curve_) step(name, "CURVE", [&] { runtime_->enable_curve(*curve_); });

  Json config;
  step(name, "config", [&] {
    ArgsSchema model = ArgsSchema::compile(definition_.config_model, "config_model");
    config = flatten_config(options_.config, "config");
    if (definition_.setup_config) {
      config = merge_over(std::move(config), flatten_config(definition_.setup_config(config), "setup_config"));
    }
    config = coerce_decimals(std::move(config), model);
    if (auto problem = model.check(config, "config"); !problem.empty()) {
      throw Error(problem + (model.empty() ? " (this service declares no config_model)"
                                           : " (config comes from -c FILE, --key value arguments and setup_config)"));
    }
  });
  runtime_->set_config(config);

  step(name, "addresses", [&] {
    if (definition_.setup_addresses) {
      options_.addresses = deep_merge(options_.addresses, definition_.setup_addresses(runtime_->config()));
    }
    if (!options_.addresses.is_object()) throw Error("the addresses must be a JSON object");
  });

  if (main_mode) {
    for (Kind kind : {Kind::connection, Kind::state}) {
      const auto& in = models_of(definition_, kind).in;
      if (!in.empty()) {
        throw Error(fmt::format("service '{}': main mode does not allow in-{}s (found '{}'); run it "
                                "without -m, or move them to another service",
                                name, to_string(kind), in.begin()->first));
      }
    }
  }
  step(name, "connections", [&] { build_endpoints(Kind::connection, main_mode); });
  step(name, "states", [&] { build_endpoints(Kind::state, main_mode); });
  if (options_.handle_signals) runtime_->enable_signals();
  if (definition_.init_function) {
    step(name, "init_function", [&] {
      ToSend to_send(*runtime_);
      definition_.init_function(to_send, runtime_->states(), runtime_->config());
    });
  }
  signal_ready();
}

void ServiceRunner::build_endpoints(Kind kind, bool /*main_mode*/) {
  const auto& models = models_of(definition_, kind);
  Json extra = Json::object();
  const auto& setup = kind == Kind::connection ? definition_.setup_connections : definition_.setup_states;
  if (setup) {
    extra = setup(runtime_->config());
    if (!extra.is_object()) throw Error(fmt::format("setup_{}s must return an object", to_string(kind)));
    for (const auto& [key, value] : extra.items()) {
      if (!models.in.count(key) && !models.out.count(key)) {
        throw Error(fmt::format("setup_{}s returned arguments for '{}', which is not declared", to_string(kind), key));
      }
    }
  }
  const Json& addresses = options_.addresses;
  for (Side side : {Side::in, Side::out}) {
    for (const auto& [ename, model] : side == Side::in ? models.in : models.out) {
      const EndpointType* type = find_endpoint_type(kind, model.type);
      std::string label = fmt::format("{} '{}'", to_string(kind), ename);
      if (type == nullptr) {
        throw Error(fmt::format("{}: unknown {}_type '{}' (known: {})", label, to_string(kind), model.type,
                                fmt::join(endpoint_type_names(kind), ", ")));
      }
      if (type->side != side) {
        throw Error(fmt::format("{}: a {} is an {}-{}; declare it under '{}'", label, model.type,
                                to_string(type->side), to_string(kind), to_string(type->side)));
      }
      Json options = endpoint_options(model, extra.value(ename, Json::object()), label);
      ArgsSchema accepted = ArgsSchema::compile(type->accepted_options, model.type + " arguments");
      if (auto problem = accepted.check(options, label + " arguments"); !problem.empty()) throw Error(problem);
      auto arguments = std::make_unique<ArgsSchema>(ArgsSchema::compile(model.arguments, label + " arguments"));
      std::unique_ptr<ArgsSchema> returns;
      if (model.return_arguments) {
        returns = std::make_unique<ArgsSchema>(
            ArgsSchema::compile(*model.return_arguments, label + " return_arguments"));
      }
      Json socket_addresses = Json::object();
      const char* group = kind == Kind::connection ? "connections" : "states";
      if (addresses.contains(group) && addresses[group].contains(to_string(side)) &&
          addresses[group][to_string(side)].contains(ename)) {
        socket_addresses = addresses[group][to_string(side)][ename];
      }
      EndpointContext ctx{ename,   side,    kind, model, *arguments, returns.get(), options, socket_addresses,
                          runtime_->context(), *runtime_};
      auto endpoint = type->make(ctx);
      runtime_->add_endpoint(kind, side, ename, std::move(endpoint), std::move(arguments), std::move(returns));
    }
  }
}

void ServiceRunner::signal_ready() {
  if (options_.ready_file) {
    // Written aside and renamed, so a probe never sees a half-made file.
    const std::string& path = *options_.ready_file;
    const std::string partial = path + ".partial";
    std::ofstream(partial) << "READY\n";
    if (std::rename(partial.c_str(), path.c_str()) != 0) {
      throw Error(fmt::format("ready file '{}': cannot create it ({}); give --ready-file a writable path",
                              path, std::strerror(errno)));
    }
  }
  if (options_.ready_fd < 0) return;
  static constexpr char kReady[] = "READY\n";
  [[maybe_unused]] auto n = ::write(options_.ready_fd, kReady, sizeof kReady - 1);
  ::close(options_.ready_fd);
  options_.ready_fd = -1;
}

void ServiceRunner::withdraw_ready_file() const {
  if (!options_.ready_file) return;
  std::error_code ignored;  // absent is the state we want
  std::filesystem::remove(*options_.ready_file, ignored);
}

void ServiceRunner::run(bool main_mode) {
  running_ = true;
  struct Done {
    const ServiceRunner& runner;
    std::atomic<bool>& r;
    ~Done() {
      runner.withdraw_ready_file();  // stopping or failed: no longer serving
      r = false;
    }
  } done{*this, running_};
  LoggerScope scope(logger_);
  auto log = get_logger();
  if (main_mode) {
    log->info("running main");
    runtime_->run_main();
  } else {
    log->info("serving");
    runtime_->run_loop(options_.service_loop_min_wait_time);
  }
  runtime_->close();
  log->info("stopped");
}

void ServiceRunner::refuse_if_running(const char* call) const {
  if (running_) {
    throw Error(fmt::format("service '{}': {}() while it is already running; call stop_service() first",
                            options_.name, call));
  }
}

void ServiceRunner::run_blocking(bool main_mode) {
  refuse_if_running(main_mode ? "run_service_as_main_blocking" : "run_service_blocking");
  running_ = true;  // from here, so a second run is refused during setup too
  try {
    setup(main_mode);
  } catch (...) {
    running_ = false;
    throw;
  }
  run(main_mode);
}

void ServiceRunner::start_background(bool main_mode) {
  refuse_if_running(main_mode ? "run_service_as_main" : "run_service");
  if (thread_.joinable()) thread_.join();  // an earlier run that has ended
  std::promise<void> setup_done;
  auto setup_result = setup_done.get_future();
  running_ = true;
  thread_ = std::thread([this, main_mode, &setup_done] {
    try {
      setup(main_mode);
    } catch (...) {
      running_ = false;
      setup_done.set_exception(std::current_exception());
      return;
    }
    setup_done.set_value();
    try {
      run(main_mode);
    } catch (const std::exception& e) {
      logger_->error("service '{}' failed: {}", options_.name, e.what());
    }
  });
  try {
    setup_result.get();
  } catch (...) {
    thread_.join();
    throw;
  }
}

void ServiceRunner::stop() {
  if (runtime_ && running_) runtime_->request_stop();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

}  // namespace sf::detail
