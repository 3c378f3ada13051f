#pragma once
// One exception type for every error a user can cause. Its message is the one
// line we promise: where it happened, what is wrong, and how to fix it.
#include <stdexcept>
#include <string>

namespace sf {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Raised by to_send when a requester's peer answered with an error reply.
class RemoteError : public Error {
 public:
  using Error::Error;
};

// Raised by to_send when a requester got no reply after its retries.
class TimeoutError : public Error {
 public:
  using Error::Error;
};

}  // namespace sf
