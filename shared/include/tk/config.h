// Configuration read from an INI-style file (key = value, '#' comments). Every key has an
// embedded default, so the programs run without any file.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "tk/error.h"
#include "tk/service_level.h"

namespace tk {

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";
  std::string db_path = "tk.db";
  int threads = 0;  // 0: sized for the machine
  std::string log_dir;  // empty: standard error only
  std::string log_level = "info";
  std::string catalog_file;  // empty: the default catalog
  ServiceLevelPolicy service_levels;
  std::int64_t auto_close_after_seconds = 5 * 24 * 3600;  // resolved -> closed
  std::size_t max_request_bytes = 10 * 1024 * 1024;
  int lookup_failures_allowed = 10;  // kiosk look-ups, per window
  std::int64_t lookup_window_seconds = 60;
};

// Reads `path` over the defaults already in `config`.
Outcome load_server_config(const std::string& path, ServerConfig& config);

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
