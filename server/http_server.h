// The HTTP/1.1 listener in front of TicketApi, on Boost.Beast (the clients' HTTP library
// too). cpprestsdk's listener, used before, read whole bodies and unbounded headers before
// anything could refuse them, and its maintainers call it a test harness, not a server to
// face a network (issue 14). The only server file that includes Beast.
#pragma once

#include <memory>
#include <string>

#include "ticket_api.h"

namespace tk::server {

// How many threads serve connections (and run the API's handlers); before the server starts.
void init_http_threads(int threads);

class HttpServer {
 public:
  HttpServer(TicketApi& api, const std::string& host, int port);
  ~HttpServer();
  void start();  // throws when the address cannot be bound
  // Stops accepting and waits for requests in flight to be answered.
  void stop();

  struct Impl;  // named here for the connections of http_server.cpp only

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tk::server
