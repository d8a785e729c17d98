// The REST API of docs/design.md section 4 over plain request/response values: parses, calls
// the services (server/services.h), formats. It knows status codes and JSON but not sockets, so it is
// tested without sockets; http_server.cpp feeds it from the listener.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "http/render_cache.h"
#include "services.h"

namespace tk::server {

struct ApiRequest {
  std::string method;
  std::string path;                            // decoded, without the query
  std::map<std::string, std::string> query;    // decoded
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  // The client's address as the listener knows it (through a local proxy: the address the
  // proxy saw); empty in tests that call the API directly.
  std::string peer;
  std::string header(const std::string& name) const;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::map<std::string, std::string> headers;
  // The error the body tells of, kept to say it again in the language the client asked.
  std::optional<Error> error;
};

class Dashboard;

class TicketApi {
 public:
  TicketApi(Services& service, std::size_t max_request_bytes, std::string version);
  ApiResponse handle(const ApiRequest&);
  // Checks what can be checked from the request line and headers alone (the token), so
  // that the body of a request that will be refused is never read. Empty: go on.
  std::optional<ApiResponse> check_before_body(const ApiRequest&);
  std::size_t max_request_bytes() const { return max_request_bytes_; }
  // Serves the dashboard's page at /dashboard (nothing there without one).
  void set_dashboard(const Dashboard* dashboard) { dashboard_ = dashboard; }
  static ApiResponse error_response(const Error&);
  static ApiResponse not_allowed(const char* allow);
  // The response with its error told in the language of the request's Accept-Language
  // (Spanish unless it prefers English), and Content-Language saying which.
  static ApiResponse in_language(ApiResponse, const std::string& accept_language);

 private:
  ApiResponse route(const ApiRequest&);
  // The largest body the request's route takes from this role (0: none); the refusal when
  // the role may never write there.
  Result<std::size_t> body_limit(const ApiRequest&, const Identity&) const;
  ApiResponse enrol(const ApiRequest&);
  ApiResponse catalog(const ApiRequest&);
  ApiResponse create(const ApiRequest&, const Identity&);
  ApiResponse list(const ApiRequest&, const Identity&);
  ApiResponse get(const std::string& tk, const ApiRequest&, const Identity&);
  ApiResponse post_event(const std::string& tk, const ApiRequest&, const Identity&);
  ApiResponse attachment(const std::string& tk, const std::string& id, const ApiRequest&, const Identity&);
  ApiResponse quality_report(const ApiRequest&, const Identity&);
  ApiResponse knowledge_base(const std::vector<std::string>& parts, const ApiRequest&, const Identity&);

  Services& service_;
  std::size_t max_request_bytes_;
  std::string version_;
  std::string catalog_body_;
  std::string catalog_etag_;
  RenderCache rendered_{64 * 1024 * 1024};
  const Dashboard* dashboard_ = nullptr;
};

}  // namespace tk::server
