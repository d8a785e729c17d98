#include "http/dashboard.h"

#include <fstream>
#include <map>
#include <sstream>
#include <string_view>

#include "tk/file_path.h"
#include "tk/logging.h"

namespace tk::server {

const std::map<std::string, std::string_view>& embedded_files();  // generated, see CMakeLists.txt

namespace {

constexpr std::string_view kPrefix = "/dashboard";

// The page runs only its own script and style and talks only to this server: an injected
// ticket summary can never become script, and the page cannot be framed.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

ApiResponse file_response(std::string_view body, const char* content_type) {
  ApiResponse r;
  r.content_type = content_type;
  r.body = std::string(body);
  r.headers["Content-Security-Policy"] = kContentSecurityPolicy;
  r.headers["X-Content-Type-Options"] = "nosniff";
  r.headers["Referrer-Policy"] = "no-referrer";
  r.headers["Cache-Control"] = "no-cache";
  return r;
}

}  // namespace

Dashboard::Dashboard(const std::string& chart_js_path) {
  std::ifstream in(utf8_path(chart_js_path), std::ios::binary);
  std::ostringstream text;
  if (in && (text << in.rdbuf())) {
    chart_js_ = text.str();
  } else {
    log::warning("dashboard", "Chart.js no está en " + chart_js_path +
                                  " (paquete libjs-chart.js): el tablero mostrará sus cifras sin gráficas.");
  }
}

bool Dashboard::serves(const std::string& path) {
  return path.compare(0, kPrefix.size(), kPrefix) == 0 &&
         (path.size() == kPrefix.size() || path[kPrefix.size()] == '/');
}

ApiResponse Dashboard::handle(const ApiRequest& r) const {
  if (r.method != "GET") return TicketApi::not_allowed("GET");
  std::string name = r.path.substr(kPrefix.size());
  if (name.empty() || name == "/" || name == "/index.html") name = "/index.html";
  static const std::map<std::string, const char*> kTypes{
      {"/index.html", "text/html; charset=utf-8"},
      {"/dashboard.js", "text/javascript; charset=utf-8"},
      {"/dashboard.css", "text/css; charset=utf-8"},
  };
  if (name == "/chart.js" && chart_js_) return file_response(*chart_js_, "text/javascript; charset=utf-8");
  auto type = kTypes.find(name);
  const auto& files = embedded_files();
  auto file = type == kTypes.end() ? files.end() : files.find(name.substr(1));
  if (file == files.end())
    return TicketApi::error_response(make_error(ErrorKind::NotFound, "no_route", N_("Unknown path.")));
  return file_response(file->second, type->second);
}

}  // namespace tk::server
