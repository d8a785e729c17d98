// The HTTP/1.1 listener in front of TicketApi, on Boost.Beast (the clients' HTTP library
// too). cpprestsdk's listener, used before, read whole bodies and unbounded headers before
// anything could refuse them, and its maintainers call it a test harness, not a server to
// face a network (issue 14). The only server file that includes Beast.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "http/ticket_api.h"

namespace tk::server {

// How many threads serve connections (and run the API's handlers); before the server starts.
void init_http_threads(int threads);

// Who may say where a request came from (issue 25). Only a proxy named here is believed
// about the client's address: its X-Forwarded-For (the last entry, the one it added), or,
// with proxy_protocol, the PROXY protocol header (v1 or v2) that must then open each of its
// connections. Any other peer is counted as itself, loopback included.
struct ProxyTrust {
  // Addresses or networks ("127.0.0.1", "::1", "10.0.0.0/8"); empty: nobody.
  std::vector<std::string> proxies;
  bool proxy_protocol = false;
  // When not empty, a trusted proxy's X-Forwarded-For is believed only on requests that
  // carry this key in X-TK-Proxy-Key (the shipped nginx site sends it): local users who
  // connect from the proxy's address cannot read it.
  std::string proxy_key;
};

class HttpServer {
 public:
  // Throws std::invalid_argument for a proxy that is not an address or a network.
  HttpServer(TicketApi& api, const std::string& host, int port, const ProxyTrust& trust = {});
  ~HttpServer();
  void start();  // throws when the address cannot be bound
  // Stops accepting and waits for requests in flight to be answered.
  void stop();

  struct Impl;  // named here for the connections of http_server.cpp only

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tk::server
