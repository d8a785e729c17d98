// The project's own HTTP interface. Only http_transport_cpprest.cpp knows cpprestsdk, so
// the client code and its tests never include it, and the transport could be swapped.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

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
  std::chrono::milliseconds timeout{15000};
  // cpprestsdk's shared thread pool, sized by the first transport of the process: a client
  // has one request or a few in flight, not the 40 threads of the default.
  int threads = 4;
};

std::unique_ptr<HttpTransport> make_http_transport(const TransportOptions&);

}  // namespace tk
