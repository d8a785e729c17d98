#include "http_server.h"

#include <cpprest/http_listener.h>
#include <pplx/threadpool.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <sstream>

#include "tk/logging.h"

namespace tk::server {

namespace http = web::http;

void init_http_threads(int threads) { crossplat::threadpool::initialize_with_threads(static_cast<size_t>(threads)); }

namespace {

// Bodies larger than this are refused without being read at all; between the API's own
// limit and this one they are read and then refused, so the client sees a clean 413.
constexpr std::uint64_t kUnreadBodyLimit = 64ull * 1024 * 1024;

std::string printable(const std::string& s, std::size_t max) {
  std::string out;
  for (char c : s.substr(0, max)) out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

struct HttpServer::Impl {
  TicketApi& api;
  http::experimental::listener::http_listener listener;
  // Requests taken but not yet answered; stop() waits for them before the service and
  // the store they use are torn down.
  std::mutex in_flight_mutex;
  std::condition_variable in_flight_done;
  int in_flight = 0;

  Impl(TicketApi& a, const std::string& url) : api(a), listener(url) {}

  void reply(http::http_request& request, const ApiResponse& answer, std::chrono::steady_clock::time_point started) {
    std::string accept_language;
    if (auto it = request.headers().find("Accept-Language"); it != request.headers().end())
      accept_language = it->second;
    const ApiResponse response = TicketApi::in_language(answer, accept_language);
    http::http_response out(static_cast<http::status_code>(response.status));
    if (!response.body.empty() || !response.content_type.empty()) {
      out.set_body(std::vector<unsigned char>(response.body.begin(), response.body.end()));
      out.headers().set_content_type(response.content_type);
    }
    for (const auto& [name, value] : response.headers) out.headers().add(name, value);
    finished_one();
    request.reply(out).then([](pplx::task<void> t) {
      try {
        t.get();
      } catch (const std::exception&) {
        // The client went away before its answer; nothing else to do.
      }
    });
    if (!log::enabled(log::Severity::Info)) return;
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    std::ostringstream line;
    // No query string: it can carry an employee number; no headers: they carry tokens.
    line << request.method() << " " << printable(request.relative_uri().path(), 120) << " " << response.status << " "
         << micros.count() << "us";
    log::info("http", line.str());
  }

  void started_one() {
    std::lock_guard<std::mutex> lock(in_flight_mutex);
    ++in_flight;
  }

  void finished_one() {
    std::lock_guard<std::mutex> lock(in_flight_mutex);
    if (--in_flight == 0) in_flight_done.notify_all();
  }

  void wait_for_in_flight() {
    std::unique_lock<std::mutex> lock(in_flight_mutex);
    in_flight_done.wait_for(lock, std::chrono::seconds(30), [this] { return in_flight == 0; });
  }

  void handle(http::http_request request) {
    started_one();
    auto started = std::chrono::steady_clock::now();
    auto in = std::make_shared<ApiRequest>();
    try {
      in->method = request.method();
      in->path = web::uri::decode(request.relative_uri().path());
      // relative_uri() drops the listener's own base; it is "/" here, so prefix it back.
      if (in->path.empty() || in->path[0] != '/') in->path = "/" + in->path;
      for (const auto& [name, value] : web::uri::split_query(request.relative_uri().query()))
        in->query[web::uri::decode(name)] = web::uri::decode(value);
      for (const auto& [name, value] : request.headers()) in->headers[lower(name)] = value;
    } catch (const std::exception&) {
      reply(request, bad_request(), started);
      return;
    }
    if (auto refused = api.check_before_body(*in)) {
      reply(request, *refused, started);
      return;
    }
    // A body of unknown length could be any size: the API's clients always say it.
    bool has_length = request.headers().has(web::http::header_names::content_length);
    if (!has_length && request.headers().has(web::http::header_names::transfer_encoding)) {
      reply(request,
            TicketApi::error_response(make_error(ErrorKind::BadRequest, "length_required",
                                                 {"Indique Content-Length; no se aceptan cuerpos por partes.",
                                                  "Give a Content-Length; chunked bodies are not accepted."})),
            started);
      return;
    }
    if (request.headers().content_length() > kUnreadBodyLimit) {
      reply(request,
            TicketApi::error_response(make_error(ErrorKind::PayloadTooLarge, "too_large",
                                                 {"La solicitud es demasiado grande.", "The request is too large."})),
            started);
      return;
    }
    // Never wait for the body inside a pool thread: the pool also reads the body, so eight
    // waiting requests on an eight-thread pool would wait for ever. Continue when it is in.
    request.extract_vector().then([this, request, in, started](pplx::task<std::vector<unsigned char>> body) mutable {
      try {
        auto bytes = body.get();
        in->body.assign(bytes.begin(), bytes.end());
      } catch (const std::exception&) {
        reply(request, bad_request(), started);
        return;
      }
      reply(request, api.handle(*in), started);
    });
  }

  static ApiResponse bad_request() {
    return TicketApi::error_response(
        make_error(ErrorKind::BadRequest, "bad_request", {"Solicitud no válida.", "Invalid request."}));
  }
};

HttpServer::HttpServer(TicketApi& api, const std::string& host, int port)
    : impl_(std::make_unique<Impl>(api, "http://" + host + ":" + std::to_string(port) + "/")) {
  impl_->listener.support([this](http::http_request request) { impl_->handle(std::move(request)); });
  // cpprestsdk answers TRACE and OPTIONS itself unless told otherwise, and its TRACE
  // echoes the request, Authorization header included: both go through the API's router
  // like any method, which refuses them (401 without a token, else 405 with Allow).
  for (const auto& method : {http::methods::TRCE, http::methods::OPTIONS})
    impl_->listener.support(method, [this](http::http_request request) { impl_->handle(std::move(request)); });
}

HttpServer::~HttpServer() = default;

void HttpServer::start() { impl_->listener.open().wait(); }

void HttpServer::stop() {
  impl_->listener.close().wait();
  impl_->wait_for_in_flight();
}

}  // namespace tk::server
