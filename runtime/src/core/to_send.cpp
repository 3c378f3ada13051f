#include <sf/to_send.hpp>

#include "core/runtime.hpp"

namespace sf {

Json ToSend::operator()(std::string_view output_type, std::string_view output_name, const Json& args) {
  return runtime_->send(output_type, output_name, args);
}

const std::string& ToSend::workflow_id() const { return runtime_->workflow_root(); }

Json ToSend::next_workflow_id() { return runtime_->peek_workflow_id(); }

void ToSend::set_workflow_id(Json id) { runtime_->set_workflow_id(std::move(id)); }

bool ToSend::stop_requested() const { return runtime_->stop_requested(); }

bool ToSend::sleep_for(std::chrono::milliseconds d) { return runtime_->pump(d); }

bool ToSend::wait_subscribers(std::string_view connection, int n, std::chrono::milliseconds timeout) {
  return runtime_->wait_subscribers(connection, n, timeout);
}

}  // namespace sf
