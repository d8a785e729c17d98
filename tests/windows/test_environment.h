// What with_server.sh passes to a Windows test program: the server's port and tokens.
#pragma once

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace tk::test {

inline std::string test_env(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) throw std::runtime_error(std::string(name) + " is not set: run through with_server.sh");
  return value;
}

}  // namespace tk::test
