// The https module (tk-https.so, loaded by tls_module.cpp on the first https connection):
// Asio's OpenSSL stream, OpenSSL's default certificate store (the system's on Linux; it
// also reads SSL_CERT_FILE and SSL_CERT_DIR, for an institution's own authority; on
// Windows it is not the Windows store, so SSL_CERT_FILE must name a bundle until the
// module reads that store), and the server's name checked against its certificate. Being
// a module, OpenSSL is not even mapped into a client that talks plain HTTP.
#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

#include "exchange.h"

namespace tk::http_detail {

namespace {

namespace ssl = asio::ssl;

ssl::context& client_context() {
  static ssl::context context = [] {
    ssl::context c(ssl::context::tls_client);
    c.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    c.set_default_verify_paths();
    c.set_verify_mode(ssl::verify_peer);
    return c;
  }();
  return context;
}

class TlsConnection final : public Connection {
 public:
  explicit TlsConnection(ServerUrl url) : url_(std::move(url)), stream_(ioc_, client_context()) {}

  Exchanged exchange(const Request& request, Deadline deadline) override {
    auto& tcp = beast::get_lowest_layer(stream_);
    if (connected_) return finish(run_exchange(ioc_, tcp, stream_, nullptr, kNoHandshake, request, deadline));
    tcp::resolver::results_type endpoints;
    Exchanged out;
    if (auto ec = resolve(ioc_, url_, endpoints)) {
      set_failure(out, Stage::Resolve, ec);
      return out;
    }
    // Server Name Indication, so a server with several names presents the right certificate.
    if (!is_ip_address(url_.host) && !SSL_set_tlsext_host_name(stream_.native_handle(), url_.host.c_str())) {
      auto code = static_cast<int>(::ERR_get_error());
      set_failure(out, Stage::Handshake,
                  code ? beast::error_code(code, asio::error::get_ssl_category())
                       : beast::error_code(asio::error::invalid_argument));
      return out;
    }
    stream_.set_verify_callback(ssl::host_name_verification(url_.host));
    auto handshake = [this](auto&& done) { stream_.async_handshake(ssl::stream_base::client, done); };
    out = finish(run_exchange(ioc_, tcp, stream_, &endpoints, handshake, request, deadline));
    connected_ = !out.error && out.keep_alive;
    return out;
  }

 private:
  static bool is_ip_address(const std::string& host) {
    beast::error_code ec;
    asio::ip::make_address(host, ec);
    return !ec;
  }

  bool still_usable() override { return connected_ && idle_socket_usable(beast::get_lowest_layer(stream_).socket()); }

  Exchanged finish(Exchanged out) {
    if (out.error || !out.keep_alive) {
      // No TLS close_notify: the server may already be gone, and waiting for it would
      // hold the caller past its deadline.
      beast::get_lowest_layer(stream_).close();
      connected_ = false;
    }
    return out;
  }

  ServerUrl url_;
  asio::io_context ioc_{1};
  beast::ssl_stream<beast::tcp_stream> stream_;
  bool connected_ = false;
};

}  // namespace
}  // namespace tk::http_detail

#ifdef _WIN32
#define TK_MODULE_EXPORT __declspec(dllexport)
#else
#define TK_MODULE_EXPORT __attribute__((visibility("default")))
#endif

extern "C" TK_MODULE_EXPORT const char* tk_https_build() { return tk::http_detail::kTlsBuildStamp; }

extern "C" TK_MODULE_EXPORT tk::http_detail::Connection* tk_https_connect(const tk::ServerUrl& url) {
  return new tk::http_detail::TlsConnection(url);
}
