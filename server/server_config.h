// The server's configuration, read from an INI-style file (key = value, '#' comments) with
// Boost.Program_options. Every key has an embedded default, so the server runs without
// any file.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <vector>

#include "tk/catalog.h"
#include "tk/error.h"
#include "tk/service_level.h"
#include "access/directory.h"
#include "quality/quality_report.h"

namespace tk {

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";
  std::string db_path = "tk.db";
  int threads = 0;      // 0: sized for the machine
  std::string log_dir;  // empty: standard error only
  std::string log_level = "info";
  std::string catalog_file;  // empty: the default catalog
  // Chart.js for the dashboard's charts (Debian's libjs-chart.js).
  std::string dashboard_chart_js = "/usr/share/javascript/chart.js/chart.min.js";
  ServiceLevelPolicy service_levels;  // with the [calendar] of working hours
  std::vector<DeskGroup> groups = default_groups();
  // [objectives]: each key replaces a default's target or adds one; "off" drops it.
  std::vector<tk::server::Objective> objectives = tk::server::default_objectives();
  std::int64_t auto_close_after_seconds = 5 * 24 * 3600;  // resolved -> closed
  std::size_t max_request_bytes = 10 * 1024 * 1024;
  int lookup_failures_allowed = 10;  // kiosk look-ups, per window
  std::int64_t lookup_window_seconds = 60;
  tk::server::DirectoryConfig directory;  // [directory]: sign-in with LDAP / AD accounts
  // The proxies believed about a client's address (X-Forwarded-For, or the PROXY protocol
  // with proxy_protocol): none built in; the package's file names its nginx front.
  std::vector<std::string> trusted_proxies;
  bool proxy_protocol = false;
  // A file holding the key the trusted proxy sends in X-TK-Proxy-Key; empty: none needed.
  std::string proxy_key_file;
};

// Reads `path` over the defaults already in `config`.
Outcome load_server_config(const std::string& path, ServerConfig& config);
// The desk's groups from the [groups] and [intake] sections (keys without their prefix),
// the intake group of each level first.
Result<std::vector<DeskGroup>> desk_groups(const std::map<std::string, std::string>& group_keys,
                                           const std::map<std::string, std::string>& intake_keys);

}  // namespace tk
