// Inside the client's HTTP transport only: a connection to the server and one HTTP/1.1
// exchange over it. Asio's blocking calls take no timeout, so an exchange runs Beast's
// asynchronous operations on the connection's own io_context, each bounded by one deadline
// for the whole request; the transport never starts a thread of its own. The one blocking
// step is the name look-up (the system resolver's own timeouts apply), so a host name that
// does not resolve may take longer than the deadline to fail.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/version.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "tk/http.h"
#include "tk/text.h"
#include "transport_common.h"

namespace tk::http_detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Request = bhttp::request<bhttp::string_body>;
using Deadline = std::chrono::steady_clock::time_point;

// The largest legitimate answer is a ticket carrying its attachments (10 MiB of request,
// base64-encoded); anything far beyond that is not our server.

enum class Stage { Resolve, Connect, Handshake, Send, Receive, Done };

struct Exchanged {
  beast::error_code error;
  Stage stage = Stage::Done;  // where it failed, Done when it did not
  // Classified where the error was made: Beast's error categories are objects per binary,
  // so an error from the https module never compares equal to the program's own.
  bool timed_out = false;
  bool too_large = false;
  bool got_response_bytes = false;
  bool keep_alive = false;
  HttpResponse response;
};

inline void set_failure(Exchanged& out, Stage stage, beast::error_code ec) {
  out.error = ec;
  out.stage = stage;
  out.timed_out = ec == beast::error::timeout;
  out.too_large = ec == bhttp::error::body_limit;
}

// The handshake step of plain HTTP, or of a TLS stream already past its handshake.
inline constexpr auto kNoHandshake = [](auto&& done) { done(beast::error_code{}); };

class Connection {
 public:
  virtual ~Connection() = default;
  // Connects first when needed. The connection may be used again only when the outcome
  // has no error and keep_alive.
  virtual Exchanged exchange(const Request&, Deadline) = 0;
  // False when a kept connection has been closed by the server (or has unasked-for bytes
  // waiting) while it sat idle: it must not carry another request.
  virtual bool still_usable() = 0;
  std::chrono::steady_clock::time_point idle_since{};
};

std::unique_ptr<Connection> make_plain_connection(const ServerUrl&);
// From the https module (tls_module.cpp loads it on first use); null with `why` set when
// the module cannot be loaded.
std::unique_ptr<Connection> make_tls_connection(const ServerUrl&, std::string& why);

// The https module's entry points (http_tls.cpp). The module and the program must agree on
// these types' layout, so the loader compares the module's build stamp with its own and
// refuses a module from another build (e.g. one upgraded under a running tray).
using TlsConnectFunction = Connection* (*)(const ServerUrl&);
using TlsBuildFunction = const char* (*)();
constexpr const char* kTlsConnectSymbol = "tk_https_connect";
constexpr const char* kTlsBuildSymbol = "tk_https_build";
#define TK_HTTPS_STRINGIZE2(x) #x
#define TK_HTTPS_STRINGIZE(x) TK_HTTPS_STRINGIZE2(x)
constexpr const char* kTlsBuildStamp = "tk " TK_VERSION_STRING " interface 2 boost " TK_HTTPS_STRINGIZE(BOOST_VERSION);

// Whether a kept socket is still fit for a request: nothing to read yet, not even the
// end of the stream.
inline bool idle_socket_usable(tcp::socket& socket) {
  if (!socket.is_open()) return false;
  char byte;
  beast::error_code ec;
  socket.non_blocking(true, ec);
  socket.receive(asio::buffer(&byte, 1), tcp::socket::message_peek, ec);
  bool usable = ec == asio::error::would_block;
  socket.non_blocking(false, ec);
  return usable;
}

inline HttpResponse to_response(bhttp::response<bhttp::string_body>&& message) {
  HttpResponse out;
  out.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    auto name = field.name_string();
    auto& value = out.headers[lower_ascii(std::string_view(name.data(), name.size()))];
    if (!value.empty()) value += ", ";
    value.append(field.value().data(), field.value().size());
  }
  out.body = std::move(message.body());
  return out;
}

// Resolves the server's name (blocking: the system resolver has its own timeouts).
inline beast::error_code resolve(asio::io_context& ioc, const ServerUrl& url, tcp::resolver::results_type& out) {
  tcp::resolver resolver(ioc);
  beast::error_code ec;
  out = resolver.resolve(url.host, std::to_string(url.port), ec);
  return ec;
}

// Connect (when `endpoints` is given), handshake, send, receive. `tcp` is the socket
// under `stream` (the same object for plain HTTP); `handshake(done)` starts the TLS
// handshake, or calls done({}) at once for plain HTTP.
template <class Stream, class Handshake>
Exchanged run_exchange(asio::io_context& ioc, beast::tcp_stream& tcp, Stream& stream,
                       const tcp::resolver::results_type* endpoints, Handshake handshake, const Request& request,
                       Deadline deadline) {
  Exchanged out;
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kMaxResponseBytes);
  auto fail = [&](Stage stage, beast::error_code ec) { set_failure(out, stage, ec); };
  auto on_read = [&](beast::error_code ec, std::size_t) {
    out.got_response_bytes = parser.got_some();
    if (ec) return fail(Stage::Receive, ec);
    out.keep_alive = parser.keep_alive();  // also false for a body that ran to the end of the stream
    out.response = to_response(parser.release());
  };
  auto read = [&] {
    tcp.expires_at(deadline);
    bhttp::async_read(stream, buffer, parser, on_read);
  };
  auto on_write = [&](beast::error_code ec, std::size_t) {
    if (!ec) return read();
    if (ec == beast::error::timeout) return fail(Stage::Send, ec);
    // A server may answer before it has read the whole request (413 for a body over its
    // limit, 401) and close: its answer can be waiting in the socket. Read it before
    // calling the send a failure.
    tcp.expires_at(deadline);
    bhttp::async_read(stream, buffer, parser, [&, ec](beast::error_code read_ec, std::size_t) {
      if (read_ec || !parser.is_done()) return fail(Stage::Send, ec);
      out.got_response_bytes = true;
      out.keep_alive = false;
      out.response = to_response(parser.release());
    });
  };
  auto write = [&] {
    tcp.expires_at(deadline);
    bhttp::async_write(stream, request, on_write);
  };
  auto on_handshake = [&](beast::error_code ec) {
    if (ec) return fail(Stage::Handshake, ec);
    write();
  };
  auto on_connect = [&](beast::error_code ec, const tcp::endpoint&) {
    if (ec) return fail(Stage::Connect, ec);
    tcp.socket().set_option(tcp::no_delay(true), ec);
    tcp.expires_at(deadline);
    handshake(on_handshake);
  };
  if (endpoints) {
    tcp.expires_at(deadline);
    tcp.async_connect(*endpoints, on_connect);
  } else {
    write();
  }
  ioc.restart();
  ioc.run();  // every operation above is bounded by the deadline
  return out;
}

}  // namespace tk::http_detail
