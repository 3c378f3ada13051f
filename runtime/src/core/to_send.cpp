#include <sf/to_send.hpp>

#include "core/runtime.hpp"

// A ToSend without a runtime is a unit test's (sf/testing.hpp): it sends
// through send_, never stops and never waits.
namespace sf {

Json ToSend::operator()(std::string_view output_type, std::string_view output_name, const Json& args) {
  if (runtime_ == nullptr) return send_(output_type, output_name, args);
  return runtime_->send(output_type, output_name, args);
}

const std::string& ToSend::workflow_id() const {
  static const std::string none;
  return runtime_ != nullptr ? runtime_->workflow_root() : none;
}

// A test's to_send has no ids: nothing to read, nothing to continue.
Json ToSend::next_workflow_id() { return runtime_ != nullptr ? runtime_->peek_workflow_id() : Json(); }

void ToSend::set_workflow_id(Json id) {
  if (runtime_ != nullptr) runtime_->set_workflow_id(std::move(id));
}

bool ToSend::stop_requested() const { return runtime_ != nullptr && runtime_->stop_requested(); }

bool ToSend::sleep_for(std::chrono::milliseconds d) { return runtime_ == nullptr || runtime_->pump(d); }

bool ToSend::wait_subscribers(std::string_view connection, int n, std::chrono::milliseconds timeout) {
  return runtime_ == nullptr || runtime_->wait_subscribers(connection, n, timeout);
}

}  // namespace sf
