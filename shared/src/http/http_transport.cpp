// The client's HTTP transport: Boost.Beast over Boost.Asio, a few kept-alive connections
// reused between requests, TLS (http_tls.cpp) only for https addresses.
#include <algorithm>
#include <cctype>
#include <mutex>
#include <vector>

#include "exchange.h"

namespace tk {

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string{} : it->second;
}

std::string ServerUrl::host_header() const {
  std::string name = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != (tls ? 443 : 80)) name += ":" + std::to_string(port);
  return name;
}

namespace {

Error bad_url(const std::string& why) {
  return make_error(ErrorKind::Offline, "bad_url", "La dirección del servidor no es válida: " + why);
}

bool is_host_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

}  // namespace

Result<ServerUrl> parse_server_url(std::string_view text) {
  ServerUrl url;
  auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return bad_url("debe empezar con http:// o https://");
  auto scheme = http_detail::lower_ascii(text.substr(0, scheme_end));
  if (scheme == "https")
    url.tls = true;
  else if (scheme != "http")
    return bad_url("debe empezar con http:// o https://");
  auto rest = text.substr(scheme_end + 3);
  auto authority_end = rest.find('/');
  auto authority = rest.substr(0, authority_end);
  auto path = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) return bad_url("no lleva usuario ni contraseña");
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return bad_url("falta el ']' de la dirección IPv6");
    url.host = std::string(authority.substr(1, close - 1));
    auto after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return bad_url("sobra texto después de la dirección IPv6");
    if (!after.empty()) port_text = after.substr(1);
    bool ipv6_chars = !url.host.empty() && std::all_of(url.host.begin(), url.host.end(), [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
    });
    if (!ipv6_chars) return bad_url("la dirección IPv6 no es válida");
  } else {
    auto colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    if (url.host.empty()) return bad_url("falta el nombre del servidor");
    if (!std::all_of(url.host.begin(), url.host.end(), is_host_name_char))
      return bad_url("el nombre del servidor tiene caracteres no permitidos");
  }
  url.port = url.tls ? 443 : 80;
  if (authority.find(':') != std::string_view::npos && port_text.empty() &&
      (authority.front() != '[' || authority.back() != ']'))
    return bad_url("falta el puerto después de ':'");
  if (!port_text.empty()) {
    if (port_text.size() > 5 || !std::all_of(port_text.begin(), port_text.end(),
                                              [](char c) { return c >= '0' && c <= '9'; }))
      return bad_url("el puerto debe ser un número");
    int port = std::stoi(std::string(port_text));
    if (port < 1 || port > 65535) return bad_url("el puerto debe estar entre 1 y 65535");
    url.port = static_cast<std::uint16_t>(port);
  }
  for (char c : path)
    if (c == '?' || c == '#' || static_cast<unsigned char>(c) <= ' ')
      return bad_url("la ruta no puede llevar espacios, '?' ni '#'");
  url.base_path = std::string(path);
  while (!url.base_path.empty() && url.base_path.back() == '/') url.base_path.pop_back();
  return url;
}

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
                              "No se pueden usar direcciones https en este equipo: " + why);
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
      return make_error(ErrorKind::Offline, "offline", std::string("Sin conexión con el servidor: ") + e.what());
    }
  }

 private:
  Result<Request> build(const HttpRequest& request) const {
    auto verb = bhttp::string_to_verb(request.method);
    if (verb == bhttp::verb::unknown || request.target.empty() || request.target.front() != '/')
      return make_error(ErrorKind::BadRequest, "bad_request", "Petición mal formada: " + request.method + " " + request.target);
    Request message{verb, url_->base_path + request.target, 11};
    message.set(bhttp::field::host, url_->host_header());
    message.set(bhttp::field::user_agent, "tk-client");
    for (const auto& [name, value] : request.headers) {
      // A token pasted with a line break must not become a header of its own.
      if ((name + value).find_first_of("\r\n") != std::string::npos)
        return make_error(ErrorKind::BadRequest, "bad_header", "Un encabezado de la petición tiene un salto de línea: " + name);
      message.set(name, value);
    }
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
    if (out.stage != Stage::Receive) return false;
    if (request.method == "GET" || request.method == "HEAD") return true;
    for (const auto& [name, value] : request.headers)
      if (lower_ascii(name) == "idempotency-key" && !value.empty()) return true;
    return false;
  }

  Error failure(const Exchanged& out) const {
    if (out.timed_out)
      return make_error(ErrorKind::Timeout, "timeout", "El servidor no respondió a tiempo.");
    if (out.too_large)
      return make_error(ErrorKind::Internal, "response_too_large", "La respuesta del servidor es demasiado grande.");
    if (out.stage == Stage::Resolve)
      return make_error(ErrorKind::Offline, "offline", "No se encontró el servidor " + url_->host + ": " + out.error.message());
    if (out.stage == Stage::Handshake)
      return make_error(ErrorKind::Offline, "tls", "No se pudo establecer una conexión segura con el servidor: " + out.error.message());
    return make_error(ErrorKind::Offline, "offline", "Sin conexión con el servidor: " + out.error.message());
  }

  std::unique_ptr<Connection> take_idle() {
    std::lock_guard<std::mutex> lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    idle_.erase(std::remove_if(idle_.begin(), idle_.end(),
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
