#pragma once
// What `sfsup call`, `tap` and `state` talk to: SERVICE.CONNECTION or
// SERVICE.states.NAME, found by name in the running topology (its endpoints
// from the supervisor's status, its model from the plugin's --describe), or
// at an --address given outright (then there is no model).
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/cli_options.hpp"
#include "topology/service_description.hpp"

namespace sfsup::cli {

// A one-line error that ends the command with a given exit code (the table
// in docs/supervisor.md): 4 when nothing is up, 1 otherwise.
struct TalkError : std::runtime_error {
  TalkError(const std::string& message, int exit_code) : std::runtime_error(message), exit_code(exit_code) {}
  int exit_code;
};

// What the command wants at the other end.
enum class TalkWants {
  replyer,    // call: an in-connection replyer
  publisher,  // tap: an out-connection publisher, or an out-state
  out_state,  // state: an out-state's snapshot (last-value) server
};

struct TalkTarget {
  std::string text;  // as written: "execution.orders"
  std::string service;
  EndpointKind kind = EndpointKind::connection;
  std::string name;  // the connection's or the state's
};

// "execution.orders", "book_builder.states.book". Throws TalkError (exit 2).
TalkTarget parse_talk_target(const std::string& text, TalkWants wants);

struct TalkEndpoint {
  std::map<std::string, std::string> sockets;  // "replyer" -> "ipc://…"
  // The plugin's own description of it; nullopt with --address, or when the
  // running worker's plugin could not be described (`model_note` says why).
  std::optional<EndpointDescription> model;
  std::string model_note;
};

// Throws TalkError with one line naming the fix: nothing up (exit 4), no such
// service or connection (with a close match), not running, wrong kind.
TalkEndpoint find_talk_endpoint(const Options& options, const TalkTarget& target, TalkWants wants);

// The model as one line: {"required": {...}, "optional": {...}}.
std::string model_text(const nlohmann::json& arguments);

}  // namespace sfsup::cli
