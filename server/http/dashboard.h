// The management dashboard (docs/design.md section 9, ISO 9001's review): a page the server
// serves at /dashboard. It holds no data: the page signs in with a token kept in the
// browser tab's session and reads the quality report from the API like any client.
#pragma once

#include <optional>
#include <string>

#include "http/ticket_api.h"

namespace tk::server {

// Where Debian's libjs-chart.js keeps Chart.js; the dashboard draws its charts with it.
inline constexpr const char* kDefaultChartJs = "/usr/share/javascript/chart.js/chart.min.js";

class Dashboard {
 public:
  // Reads Chart.js from `chart_js_path` once; without it the page shows its figures as
  // tables only (and says why in the log).
  explicit Dashboard(const std::string& chart_js_path);
  static bool serves(const std::string& path);
  ApiResponse handle(const ApiRequest&) const;

 private:
  std::optional<std::string> chart_js_;
};

}  // namespace tk::server
