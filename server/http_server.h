// The cpprestsdk listener in front of TicketApi. The only server file that includes
// cpprestsdk, so its slow headers are compiled once.
#pragma once

#include <memory>
#include <string>

#include "ticket_api.h"

namespace tk::server {

// Sizes cpprestsdk's shared thread pool; call before any other cpprestsdk use.
void init_http_threads(int threads);

class HttpServer {
 public:
  HttpServer(TicketApi& api, const std::string& host, int port);
  ~HttpServer();
  void start();  // throws when the address cannot be bound
  // Stops accepting and waits for requests in flight to be answered.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tk::server
