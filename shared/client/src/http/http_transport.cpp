// The client's HTTP transport: Boost.Beast over Boost.Asio, a few kept-alive connections
// reused between requests, TLS (http_tls.cpp) only for https addresses.
#include <algorithm>
#include <cctype>
#include <mutex>
#include <vector>

#include "exchange.h"

namespace tk {

namespace http_detail {

namespace {

class PlainConnection final : public Connection {
 public:
  explicit PlainConnection(ServerUrl url) : url_(std::move(url)) {}

  bool still_usable() override { return idle_socket_usable(stream_.socket()); }

  Exchanged exchange(const Request& request, Deadline deadline) override {
    if (stream_.socket().is_open())
      return finish(run_exchange(ioc_, stream_, stream_, nullptr, kNoHandshake, request, deadline));
    tcp::resolver::results_type endpoints;
    Exchanged out;
    if (auto ec = resolve(ioc_, url_, endpoints)) {
      set_failure(out, Stage::Resolve, ec);
      return out;
    }
    return finish(run_exchange(ioc_, stream_, stream_, &endpoints, kNoHandshake, request, deadline));
  }

 private:
  Exchanged finish(Exchanged out) {
    if (out.error || !out.keep_alive) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream_.close();
    }
    return out;
  }

  ServerUrl url_;
  asio::io_context ioc_{1};
  beast::tcp_stream stream_{ioc_};
};

}  // namespace

std::unique_ptr<Connection> make_plain_connection(const ServerUrl& url) {
  return std::make_unique<PlainConnection>(url);
}

}  // namespace http_detail

namespace {

using namespace http_detail;

// Idle connections are dropped after this long, or when the server has closed them while
// they sat idle. A reused connection that still fails before any answer is retried once
// when that cannot do the request twice (see may_retry).
constexpr auto kIdleLifetime = std::chrono::seconds(30);
constexpr std::size_t kMaxIdleConnections = 4;

class BeastTransport final : public HttpTransport {
 public:
  BeastTransport(TransportOptions options, Result<ServerUrl> url)
      : options_(std::move(options)), url_(std::move(url)) {}

  Result<HttpResponse> send(const HttpRequest& request) override {
    if (!url_) return url_.error();
    try {
      auto message = build(request);
      if (!message) return message.error();
      auto deadline = std::chrono::steady_clock::now() + options_.timeout;
      for (int attempt = 0;; ++attempt) {
        auto connection = take_idle();
        bool reused = connection != nullptr;
        if (!connection && url_->tls) {
          std::string why;
          connection = make_tls_connection(*url_, why);
          if (!connection)
            return make_error(ErrorKind::Offline, "tls_unavailable",
                              {"No se pueden usar direcciones https en este equipo: " + why,
                               "https addresses cannot be used on this computer: " + why});
        }
        if (!connection) connection = make_plain_connection(*url_);
        Exchanged out = connection->exchange(*message, deadline);
        if (!out.error) {
          if (out.keep_alive) give_back(std::move(connection));
          return std::move(out.response);
        }
        if (reused && attempt == 0 && may_retry(out, request)) {
          drop_idle();  // kept from before the server closed them: likely all gone alike
          continue;
        }
        return failure(out);
      }
    } catch (const std::exception& e) {
      return transport_error(Failure::Offline, *url_, e.what());
    }
  }

 private:
  Result<Request> build(const HttpRequest& request) const {
    if (auto problem = request_problem(request)) return *problem;
    Request message{bhttp::string_to_verb(request.method), url_->base_path + request.target, 11};
    message.set(bhttp::field::host, url_->host_header());
    message.set(bhttp::field::user_agent, "tk-client");
    for (const auto& [name, value] : request.headers) message.set(name, value);
    message.body() = request.body;
    message.keep_alive(true);
    message.prepare_payload();
    return message;
  }

  // The server closed a kept connection just as it was used. Failing while sending, the
  // request never arrived whole; failing while waiting for the answer, it may have been
  // carried out, so only a request that is harmless twice goes again: a read, or one with
  // an idempotency key (the server answers a repeated key with its first answer).
  static bool may_retry(const Exchanged& out, const HttpRequest& request) {
    if (out.timed_out || out.got_response_bytes) return false;
    if (out.stage == Stage::Send) return true;
    return out.stage == Stage::Receive && harmless_twice(request);
  }

  Error failure(const Exchanged& out) const {
    Failure kind = out.timed_out                   ? Failure::Timeout
                   : out.too_large                 ? Failure::TooLarge
                   : out.stage == Stage::Resolve   ? Failure::HostNotFound
                   : out.stage == Stage::Handshake ? Failure::Tls
                                                   : Failure::Offline;
    return transport_error(kind, *url_, out.error.message());
  }

  std::unique_ptr<Connection> take_idle() {
    std::lock_guard<std::mutex> lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    idle_.erase(
        std::remove_if(idle_.begin(), idle_.end(),
                       [&](const auto& c) { return now - c->idle_since > kIdleLifetime || !c->still_usable(); }),
        idle_.end());
    if (idle_.empty()) return nullptr;
    auto connection = std::move(idle_.back());  // the most recently used is the likeliest alive
    idle_.pop_back();
    return connection;
  }

  void drop_idle() {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.clear();
  }

  void give_back(std::unique_ptr<Connection> connection) {
    connection->idle_since = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(mutex_);
    if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(connection));
  }

  TransportOptions options_;
  Result<ServerUrl> url_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace

std::unique_ptr<HttpTransport> make_http_transport(const TransportOptions& options) {
  return std::make_unique<BeastTransport>(options, parse_server_url(options.base_url));
}

}  // namespace tk
