// The only client-side file that includes cpprestsdk (see tk/http.h).
#include <cpprest/http_client.h>
#include <pplx/threadpool.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "tk/http.h"

namespace tk {

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string{} : it->second;
}

namespace {

namespace http = web::http;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

class CpprestTransport final : public HttpTransport {
 public:
  explicit CpprestTransport(TransportOptions options) : options_(std::move(options)) {
    static std::once_flag sized;
    std::call_once(sized, [this] {
      try {
        crossplat::threadpool::initialize_with_threads(static_cast<size_t>(std::max(1, options_.threads)));
      } catch (const std::exception&) {
        // Already started by other cpprestsdk use in this process: keep it as it is.
      }
    });
  }

  Result<HttpResponse> send(const HttpRequest& request) override {
    try {
      auto& client = client_once();
      http::http_request req(request.method);
      req.set_request_uri(request.target);
      std::string content_type;
      for (const auto& [name, value] : request.headers) {
        if (lower(name) == "content-type")
          content_type = value;
        else
          req.headers().add(name, value);
      }
      if (!request.body.empty() || !content_type.empty()) {
        req.set_body(std::vector<unsigned char>(request.body.begin(), request.body.end()));
        if (!content_type.empty()) req.headers().set_content_type(content_type);
      }
      auto response = client.request(req).get();
      HttpResponse out;
      out.status = response.status_code();
      for (const auto& [name, value] : response.headers()) out.headers[lower(name)] = value;
      auto bytes = response.extract_vector().get();
      out.body.assign(bytes.begin(), bytes.end());
      return out;
    } catch (const http::http_exception& e) {
      if (e.error_code() == std::errc::timed_out)
        return make_error(ErrorKind::Timeout, "timeout", "El servidor no respondió a tiempo.");
      return make_error(ErrorKind::Offline, "offline", std::string("Sin conexión con el servidor: ") + e.what());
    } catch (const web::uri_exception& e) {
      return make_error(ErrorKind::Offline, "bad_url", std::string("La dirección del servidor no es válida: ") + e.what());
    } catch (const std::exception& e) {
      return make_error(ErrorKind::Offline, "offline", std::string("Sin conexión con el servidor: ") + e.what());
    }
  }

 private:
  http::client::http_client& client_once() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!client_) {
      http::client::http_client_config config;
      config.set_timeout(options_.timeout);
      client_ = std::make_unique<http::client::http_client>(options_.base_url, config);
    }
    return *client_;
  }

  TransportOptions options_;
  std::mutex mutex_;
  std::unique_ptr<http::client::http_client> client_;
};

}  // namespace

std::unique_ptr<HttpTransport> make_http_transport(const TransportOptions& options) {
  return std::make_unique<CpprestTransport>(options);
}

}  // namespace tk
