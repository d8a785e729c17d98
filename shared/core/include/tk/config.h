// Settings files: plain "key = value" lines ('#' comments) that programs read and write
// back, and "host:port" addresses. The server's own file is read in server/server_config.h.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "tk/error.h"

namespace tk {

// A plain "key = value" file ('#' comments), for settings a program writes back.
std::map<std::string, std::string> read_key_values(const std::string& path);
// Sets `into` to the value of `key` when the file has it; leaves it alone otherwise.
void take_value(const std::map<std::string, std::string>& values, const char* key, std::string& into);

// Writes atomically (a temporary file renamed over the old one), readable by the user only.
bool write_key_values(const std::string& path, const std::map<std::string, std::string>&);

// Splits "host:port"; nullopt-like error when the port is not a number in range.
struct HostPort {
  std::string host;
  int port = 0;
};
Result<HostPort> parse_host_port(const std::string&);

}  // namespace tk
