// What the listener (http_server.cpp) decides before the API sees a request, without
// Beast: whom a connection's limits are counted against, which proxies are believed, how a
// secret is compared, how a path is decoded, and the refusals it gives on its own.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <string>
#include <string_view>

#include "http/ticket_api.h"

namespace tk::server::listener {

namespace net = boost::asio;

// An IPv4 client of a dual-stack listener arrives as ::ffff:a.b.c.d: the same client.
net::ip::address unmapped(const net::ip::address& address);

// Whom limits are counted against: an IPv4 address, or an IPv6 /64 (one subscriber's
// network hands out a whole /64: per address, it would be endless fresh starts).
std::string party_of(const std::string& address_text);

// Compares a secret without telling, by the time it takes, how much of it was right.
bool same_secret(const std::string& given, const std::string& secret);

// An address or a network of ProxyTrust, as bytes and a prefix length.
struct Network {
  net::ip::address_v6::bytes_type bytes{};
  unsigned prefix = 128;
  bool contains(const net::ip::address& a) const;
};

// "10.0.0.0/8", "::1", "127.0.0.1": std::invalid_argument naming the text when it is none.
Network parse_network(const std::string& text);

// What the client sent, made printable and cut for a log line.
std::string printable(const std::string& s, std::size_t max);
std::string lower(std::string s);
// %XX decoding ("+" is a space in a query only); false on a malformed escape or a NUL.
bool percent_decode(std::string_view in, bool query, std::string& out);

// An error answer of the listener's own, in the API's form.
ApiResponse refusal(ErrorKind kind, const char* code, const char* spanish, const char* english);
ApiResponse bad_request();
ApiResponse too_large();
ApiResponse server_busy();        // 503 with Retry-After: the budget of bodies in flight is spent
ApiResponse headers_too_large();  // 431

}  // namespace tk::server::listener
