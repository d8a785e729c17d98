// The project's own HTTP interface. Only the transport's files (shared/client/src/http/) know the
// HTTP library (Boost.Beast), so client code and its tests never include it and the
// transport can be swapped; the server's listener (server/http_server.cpp) is separate.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "tk/error.h"

namespace tk {

struct HttpRequest {
  std::string method = "GET";
  std::string target;  // path and query, e.g. "/api/v1/tickets?mine=1"
  std::map<std::string, std::string> headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string header(const std::string& lower_case_name) const;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Any answer from the server is a response (whatever its status); an Offline or Timeout
  // error means the server was not reached or did not answer.
  virtual Result<HttpResponse> send(const HttpRequest&) = 0;
};

struct TransportOptions {
  std::string base_url = "http://127.0.0.1:8080";
  // For the whole exchange of one request: connecting, sending and reading the answer
  // (not the name look-up, which has the system resolver's own timeouts).
  std::chrono::milliseconds timeout{15000};
};

// A server address as the settings hold it: http or https, a host name, an IPv4 address or
// a bracketed IPv6 one, an optional port and an optional path prefix
// ("https://mesa.example.gob.mx/tk").
struct ServerUrl {
  bool tls = false;
  std::string host;        // without brackets
  std::uint16_t port = 0;  // 80 or 443 when the address names none
  std::string base_path;   // "" or "/prefix", never ending in '/'
  std::string host_header() const;
};

// A clear error (code "bad_url") for anything else, e.g. a space, a user name or a query.
Result<ServerUrl> parse_server_url(std::string_view);

std::unique_ptr<HttpTransport> make_http_transport(const TransportOptions&);

}  // namespace tk
