// The client's HTTP transport on Windows: WinHTTP, the system's own client. It brings what
// a managed Windows desktop expects and Asio cannot: the machine's proxy settings (and the
// automatic proxy configuration IT pushes), TLS through Schannel with the Windows
// certificate store (the organisation's own CA included), and kept-alive connections
// managed by the system. No OpenSSL on Windows.
#include <windows.h>
#include <winhttp.h>

#include <chrono>
#include <string>
#include <vector>

#include "tk/windows_text.h"
#include "tk/text.h"
#include "transport_common.h"

namespace tk {

namespace {

using namespace http_detail;
using Clock = std::chrono::steady_clock;

using platform::narrow;
using platform::widen;

// WinHTTP's error texts live in winhttp.dll, not in the system's message table.
std::string error_text(DWORD code) {
  wchar_t* buffer = nullptr;
  DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_FROM_SYSTEM |
                               FORMAT_MESSAGE_IGNORE_INSERTS,
                           GetModuleHandleW(L"winhttp.dll"), code, 0, reinterpret_cast<wchar_t*>(&buffer), 0, nullptr);
  std::wstring text = n && buffer ? std::wstring(buffer, n) : std::wstring();
  LocalFree(buffer);
  while (!text.empty() && (text.back() == L'\n' || text.back() == L'\r' || text.back() == L' ')) text.pop_back();
  std::string out = narrow(text);
  return out.empty() ? "error " + std::to_string(code) : out + " (" + std::to_string(code) + ")";
}

Failure classify(DWORD code) {
  switch (code) {
    case ERROR_WINHTTP_TIMEOUT:
    case WSAETIMEDOUT:  // what Wine's WinHTTP gives for the same wait
      return Failure::Timeout;
    case ERROR_WINHTTP_NAME_NOT_RESOLVED: return Failure::HostNotFound;
    case ERROR_WINHTTP_SECURE_FAILURE:
    case ERROR_WINHTTP_SECURE_CERT_CN_INVALID:
    case ERROR_WINHTTP_SECURE_CERT_DATE_INVALID:
    case ERROR_WINHTTP_SECURE_INVALID_CA:
    case ERROR_WINHTTP_SECURE_CERT_REV_FAILED:
    case ERROR_WINHTTP_SECURE_CERT_REVOKED:
    case ERROR_WINHTTP_SECURE_CERT_WRONG_USAGE:
    case ERROR_WINHTTP_SECURE_CHANNEL_ERROR:
    case ERROR_WINHTTP_SECURE_INVALID_CERT:
    case ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED: return Failure::Tls;
    default: return Failure::Offline;
  }
}

class Handle {
 public:
  explicit Handle(HINTERNET h = nullptr) : h_(h) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() {
    if (h_) WinHttpCloseHandle(h_);
  }
  HINTERNET get() const { return h_; }
  explicit operator bool() const { return h_ != nullptr; }

 private:
  HINTERNET h_;
};

class WinHttpTransport final : public HttpTransport {
 public:
  WinHttpTransport(TransportOptions options, Result<ServerUrl> url)
      : options_(std::move(options)), url_(std::move(url)) {
    // The automatic proxy (WPAD, PAC from policy, the user's settings) where Windows has it
    // (8.1 and later); the machine's WinHTTP proxy otherwise.
    session_ = WinHttpOpen(L"tk-client", WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY, WINHTTP_NO_PROXY_NAME,
                           WINHTTP_NO_PROXY_BYPASS, 0);
    if (!session_)
      session_ = WinHttpOpen(L"tk-client", WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, WINHTTP_NO_PROXY_NAME,
                             WINHTTP_NO_PROXY_BYPASS, 0);
    if (session_ && url_) {
      DWORD protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;
#ifdef WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3
      protocols |= WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;
#endif
      if (!WinHttpSetOption(session_, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols, sizeof protocols)) {
        protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;  // a system without TLS 1.3 in WinHTTP
        WinHttpSetOption(session_, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols, sizeof protocols);
      }
      connection_ = WinHttpConnect(session_, widen(url_->host).c_str(), url_->port, 0);
    }
    if (!connection_) open_error_ = GetLastError();
  }

  ~WinHttpTransport() override {
    if (connection_) WinHttpCloseHandle(connection_);
    if (session_) WinHttpCloseHandle(session_);
  }

  Result<HttpResponse> send(const HttpRequest& request) override {
    if (!url_) return url_.error();
    if (auto problem = request_problem(request)) return *problem;
    if (!connection_) return transport_error(Failure::Offline, *url_, error_text(open_error_));
    auto deadline = Clock::now() + options_.timeout;

    Handle handle(WinHttpOpenRequest(connection_, widen(request.method).c_str(),
                                     widen(url_->base_path + request.target).c_str(), nullptr, WINHTTP_NO_REFERER,
                                     WINHTTP_DEFAULT_ACCEPT_TYPES, url_->tls ? WINHTTP_FLAG_SECURE : 0));
    if (!handle) return failure(GetLastError());
    // A redirect would carry the token to wherever it points; the server never sends one.
    DWORD never = WINHTTP_OPTION_REDIRECT_POLICY_NEVER;
    WinHttpSetOption(handle.get(), WINHTTP_OPTION_REDIRECT_POLICY, &never, sizeof never);
    if (!bound_by(handle.get(), deadline)) return transport_error(Failure::Timeout, *url_, "");

    std::wstring headers;
    for (const auto& [name, value] : request.headers) headers += widen(name) + L": " + widen(value) + L"\r\n";
    auto body_size = static_cast<DWORD>(request.body.size());
    if (!WinHttpSendRequest(handle.get(), headers.empty() ? WINHTTP_NO_ADDITIONAL_HEADERS : headers.c_str(),
                            static_cast<DWORD>(headers.size()),
                            body_size ? const_cast<char*>(request.body.data()) : WINHTTP_NO_REQUEST_DATA, body_size,
                            body_size, 0) ||
        !WinHttpReceiveResponse(handle.get(), nullptr))
      return failure(GetLastError());

    HttpResponse response;
    DWORD status = 0, status_size = sizeof status;
    if (!WinHttpQueryHeaders(handle.get(), WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                             WINHTTP_HEADER_NAME_BY_INDEX, &status, &status_size, WINHTTP_NO_HEADER_INDEX))
      return failure(GetLastError());
    response.status = static_cast<int>(status);
    read_headers(handle.get(), response);

    for (;;) {
      if (!bound_by(handle.get(), deadline)) return transport_error(Failure::Timeout, *url_, "");
      DWORD available = 0;
      if (!WinHttpQueryDataAvailable(handle.get(), &available)) return failure(GetLastError());
      if (available == 0) break;
      if (response.body.size() + available > kMaxResponseBytes) return transport_error(Failure::TooLarge, *url_, "");
      std::size_t at = response.body.size();
      response.body.resize(at + available);
      DWORD read = 0;
      if (!WinHttpReadData(handle.get(), response.body.data() + at, available, &read)) return failure(GetLastError());
      response.body.resize(at + read);
    }
    return response;
  }

 private:
  // WinHTTP's timeouts are per step; each step gets what is left of the one deadline.
  static bool bound_by(HINTERNET request, Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    int ms = static_cast<int>(left);
    // The wait for the answer's headers has a timeout of its own (90 s by default), which
    // WinHttpSetTimeouts leaves alone.
    DWORD response_ms = static_cast<DWORD>(ms);
    WinHttpSetOption(request, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, &response_ms, sizeof response_ms);
    return WinHttpSetTimeouts(request, ms, ms, ms, ms) != FALSE;
  }

  static void read_headers(HINTERNET request, HttpResponse& response) {
    DWORD size = 0;
    WinHttpQueryHeaders(request, WINHTTP_QUERY_RAW_HEADERS_CRLF, WINHTTP_HEADER_NAME_BY_INDEX, nullptr, &size,
                        WINHTTP_NO_HEADER_INDEX);
    if (size == 0) return;
    std::wstring raw(size / sizeof(wchar_t) + 1, L'\0');
    if (!WinHttpQueryHeaders(request, WINHTTP_QUERY_RAW_HEADERS_CRLF, WINHTTP_HEADER_NAME_BY_INDEX, raw.data(), &size,
                             WINHTTP_NO_HEADER_INDEX))
      return;
    raw.resize(size / sizeof(wchar_t));
    std::string text = narrow(raw);
    std::size_t line_start = text.find("\r\n");  // the status line comes first
    while (line_start != std::string::npos) {
      line_start += 2;
      auto line_end = text.find("\r\n", line_start);
      auto line = text.substr(line_start, line_end == std::string::npos ? std::string::npos : line_end - line_start);
      auto colon = line.find(':');
      if (colon != std::string::npos && colon > 0) {
        auto& value = response.headers[lower_ascii(line.substr(0, colon))];
        if (!value.empty()) value += ", ";
        value += trim(line.substr(colon + 1));
      }
      line_start = line_end;
    }
  }

  Error failure(DWORD code) const { return transport_error(classify(code), *url_, error_text(code)); }

  TransportOptions options_;
  Result<ServerUrl> url_;
  HINTERNET session_ = nullptr;
  HINTERNET connection_ = nullptr;
  DWORD open_error_ = 0;  // why the session or connection could not be made
};

}  // namespace

std::unique_ptr<HttpTransport> make_http_transport(const TransportOptions& options) {
  return std::make_unique<WinHttpTransport>(options, parse_server_url(options.base_url));
}

}  // namespace tk
