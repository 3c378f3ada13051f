#include "states/state_message.hpp"

#include <random>

#include <fmt/format.h>

#include <sf/error.hpp>

#include "values/printable_text.hpp"
#include "wire/codec.hpp"

namespace sf::detail {
namespace {

std::string epoch_of(const Json& payload) {
  auto it = payload.find("epoch");
  return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// args -> StateMessage. A reply may omit is_snapshot (it is one by definition).
StateMessage read_args(Json& args, const char* where, bool is_reply) {
  if (!args.is_object()) throw Error(fmt::format("{} must be an object", where));
  StateMessage message;
  auto state = args.find("state");
  if (state == args.end() || !state->is_object()) {
    throw Error(fmt::format("{}.state must be an object of state keys", where));
  }
  auto num = args.find("current_num");
  if (num == args.end() || !num->is_number_integer()) {
    throw Error(fmt::format("{}.current_num must be an int", where));
  }
  auto snap = args.find("is_snapshot");
  if (snap != args.end() && !snap->is_boolean()) throw Error(fmt::format("{}.is_snapshot must be a bool", where));
  if (snap == args.end() && !is_reply) throw Error(fmt::format("{}.is_snapshot is missing", where));
  for (const auto& [key, value] : args.items()) {
    if (key != "state" && key != "current_num" && key != "is_snapshot") {
      throw Error(fmt::format("{}.{}: unknown key (expected state, is_snapshot, current_num)", where,
                              printable_text(key)));
    }
  }
  message.seq = num->get<std::int64_t>();
  message.is_snapshot = snap == args.end() ? true : snap->get<bool>();
  message.state = std::move(*state);
  return message;
}

}  // namespace

std::string new_epoch() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:016x}", rng());
}

Json state_args(const Json& state, bool is_snapshot, std::int64_t seq) {
  return {{"state", state}, {"is_snapshot", is_snapshot}, {"current_num", seq}};
}

Json state_publication(const Json& state, bool is_snapshot, std::int64_t seq, const std::string& epoch,
                       const Json& workflow_id) {
  return {{"args", state_args(state, is_snapshot, seq)}, {"epoch", epoch}, {"workflow_id", workflow_id}};
}

Json snapshot_reply(const Json& state, std::int64_t seq, const std::string& epoch,
                    const Json& workflow_id) {
  return {{"return_args", state_args(state, true, seq)}, {"epoch", epoch}, {"workflow_id", workflow_id}};
}

StateMessage read_state_publication(Json payload) {
  if (!payload.is_object()) throw Error(R"(the message must be {"args": {...}, "workflow_id": str})");
  auto args = payload.find("args");
  if (args == payload.end()) throw Error(R"(the message has no "args")");
  StateMessage message = read_args(*args, "args", false);
  message.epoch = epoch_of(payload);
  message.workflow_id = wire::workflow_id_of(payload);
  return message;
}

StateMessage read_snapshot_reply(Json payload) {
  if (!payload.is_object()) throw Error(R"(the snapshot reply must be {"return_args": {...}, ...})");
  if (auto error = payload.find("error"); error != payload.end()) {
    throw Error(fmt::format("the publisher answered an error: {}", wire::error_text_of(*error).message));
  }
  auto args = payload.find("return_args");
  if (args == payload.end()) throw Error(R"(the snapshot reply has no "return_args")");
  StateMessage message = read_args(*args, "return_args", true);
  message.is_snapshot = true;
  message.epoch = epoch_of(payload);
  message.workflow_id = wire::workflow_id_of(payload);
  return message;
}

}  // namespace sf::detail
