#include "http/http_server.h"

#include <sys/resource.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <limits>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "http/listener_rules.h"
#include "tk/logging.h"
#include "tk/text.h"

namespace tk::server {

using namespace listener;
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

int g_threads = 8;

// What one connection may cost before anything is read into memory or a token is looked
// at (issue 14): the request line and headers, their number, and how long each part may
// take, so that slow or endless senders hold a connection for a bounded time only.
constexpr std::size_t kHeaderBytes = 16 * 1024;
constexpr std::size_t kHeaderFields = 100;
constexpr std::size_t kReadBuffer = 64 * 1024;
constexpr auto kFirstHeaderTimeout = std::chrono::seconds(10);
constexpr auto kIdleTimeout = std::chrono::seconds(30);  // between requests on one connection
constexpr auto kBodyTimeout = std::chrono::seconds(60);
constexpr auto kWriteTimeout = std::chrono::seconds(60);
// After a refusal the rest of what the client sends is read and dropped for a moment, so
// that it reads the answer instead of a reset; then the connection is closed.
constexpr auto kLingerTimeout = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 1024 * 1024;
// Answers larger than this (attachments) count against the budget for bodies in flight.
constexpr std::size_t kLargeAnswer = 256 * 1024;
// An office behind one address has at most a few hundred trays of 4 connections each idle
// at any moment; one address beyond this is someone holding connections. A quarter of all
// when the file limit is low, so that one address never takes every slot.
constexpr std::size_t kConnectionsPerAddress = 256;
// The PROXY protocol's header: v1 is one line of at most 107 bytes; v2 a 16-byte head and
// the addresses (216 bytes at most for what this server reads: TCP over IPv4 or IPv6).
constexpr std::size_t kProxyHeaderBytes = 536;
const std::string kProxyV2Signature("\r\n\r\n\0\r\nQUIT\n", 12);

// Open connections stay below the process's file limit (each is a descriptor; the
// database, the logs and the listener need theirs): beyond it new ones are closed at once
// instead of every answer stopping for want of descriptors.
std::size_t connection_cap() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 10000;
  auto usable = limit.rlim_cur > 128 ? limit.rlim_cur - 128 : 16;
  return std::clamp<std::size_t>(usable, 16, 10000);
}

}  // namespace

void init_http_threads(int threads) { g_threads = std::max(1, threads); }

struct HttpServer::Impl {
  TicketApi& api;
  tcp::endpoint endpoint;
  std::vector<Network> trusted;
  bool proxy_protocol = false;
  // With a key, a trusted proxy's word is taken only on requests that carry it
  // (X-TK-Proxy-Key): another local user can connect from the proxy's address, but cannot
  // read the key (issue 25).
  std::string proxy_key;
  std::size_t max_connections = connection_cap();
  std::size_t per_address_cap = std::clamp<std::size_t>(max_connections / 4, 1, kConnectionsPerAddress);
  std::atomic<bool> stopping{false};
  // Open connections in all and per address, so that one address cannot take them all.
  // A trusted proxy is not counted per address (it connects for everyone, and limits
  // addresses itself); behind the PROXY protocol, the client it names is.
  std::mutex connections_mutex;
  std::size_t connections = 0;
  std::map<std::string, std::size_t> per_address;
  // Requests read but not yet answered; stop() waits for them before the service and the
  // store they use are torn down.
  std::mutex in_flight_mutex;
  std::condition_variable in_flight_done;
  int in_flight = 0;
  // Bodies being read or answered hold this many bytes in all. Each route's limit bounds
  // one request; this bounds them together, so that many large ones at once (from any
  // token, a kiosk's included) cannot take the machine's memory: beyond it, 503 (issue 25).
  // One client (an address, an IPv6 /64) holds one full-size body at most, so that a few
  // connections that declare 10 MiB and send nothing do not shut everyone else's uploads out.
  std::size_t body_budget = 3 * api.max_request_bytes();
  std::mutex body_mutex;
  std::size_t body_bytes = 0;
  std::map<std::string, std::size_t> body_bytes_by_party;
  bool take_body_bytes(const std::string& party, std::size_t n) {
    if (n == 0) return true;
    std::lock_guard<std::mutex> lock(body_mutex);
    auto& mine = body_bytes_by_party[party];
    if (body_bytes + n > body_budget || mine + n > api.max_request_bytes()) {
      if (mine == 0) body_bytes_by_party.erase(party);
      return false;
    }
    body_bytes += n;
    mine += n;
    return true;
  }
  void give_body_bytes(const std::string& party, std::size_t n) {
    std::lock_guard<std::mutex> lock(body_mutex);
    body_bytes -= n;
    if (auto it = body_bytes_by_party.find(party); it != body_bytes_by_party.end() && (it->second -= n) == 0)
      body_bytes_by_party.erase(it);
  }
  std::chrono::steady_clock::time_point last_cap_warning{};
  std::mutex cap_warning_mutex;
  // Declared last: destroyed first, with the connections it still holds, while the
  // counters above are alive.
  net::io_context ioc{g_threads};
  // The acceptor and its retry timer are used on one strand only (accepting, and stop()).
  net::strand<net::io_context::executor_type> accept_strand{net::make_strand(ioc)};
  tcp::acceptor acceptor{accept_strand};
  net::steady_timer retry{accept_strand};
  std::vector<std::thread> threads;

  Impl(TicketApi& a, const std::string& host, int port, const ProxyTrust& trust)
      : api(a),
        endpoint(net::ip::make_address(host), static_cast<unsigned short>(port)),
        proxy_protocol(trust.proxy_protocol),
        proxy_key(trust.proxy_key) {
    for (const auto& proxy : trust.proxies) trusted.push_back(parse_network(proxy));
  }

  bool is_trusted(const net::ip::address& peer) const {
    return std::any_of(trusted.begin(), trusted.end(), [&](const Network& n) { return n.contains(peer); });
  }

  void started_one() {
    std::lock_guard<std::mutex> lock(in_flight_mutex);
    ++in_flight;
  }

  void finished_one() {
    std::lock_guard<std::mutex> lock(in_flight_mutex);
    if (--in_flight == 0) in_flight_done.notify_all();
  }

  void accept();
  void warn_cap();

  bool admit(const std::string& address) {
    std::lock_guard<std::mutex> lock(connections_mutex);
    if (connections >= max_connections) return false;
    if (!address.empty() && per_address[address] >= per_address_cap) return false;
    ++connections;
    if (!address.empty()) ++per_address[address];
    return true;
  }

  void release(const std::string& address) {
    std::lock_guard<std::mutex> lock(connections_mutex);
    --connections;
    forget(address);
  }

  // The client a proxy named, counted against its address (the connection is counted in
  // all already, under the proxy).
  bool admit_behind_proxy(const std::string& address) {
    std::lock_guard<std::mutex> lock(connections_mutex);
    if (per_address[address] >= per_address_cap) return false;
    ++per_address[address];
    return true;
  }

  void release_behind_proxy(const std::string& address) {
    std::lock_guard<std::mutex> lock(connections_mutex);
    forget(address);
  }

  // A trusted proxy that proved its key no longer counts against its address.
  void vouched(const std::string& address) {
    std::lock_guard<std::mutex> lock(connections_mutex);
    forget(address);
  }

  void forget(const std::string& address) {  // under connections_mutex
    if (address.empty()) return;
    if (auto it = per_address.find(address); it != per_address.end() && --it->second == 0) per_address.erase(it);
  }
};

namespace {

// Reads a request's line and headers only, straight into what the API needs, counting the
// fields as they come (Beast's own request parser keeps every field, each in an allocation
// of its own, before anything could count them). The body is read separately.
class HeadParser final : public http::basic_parser<true> {
 public:
  HeadParser() {
    header_limit(kHeaderBytes);
    eager(false);
    // The API says why a body is too large, after the token: not the parser.
    body_limit(std::numeric_limits<std::uint64_t>::max());
  }

  http::verb verb = http::verb::unknown;
  std::string method, target;
  std::map<std::string, std::string> fields;  // names in lower case; a repeated name: the last
  bool has_length = false, has_encoding = false;

 private:
  void on_request_impl(http::verb v, beast::string_view method_text, beast::string_view target_text, int,
                       beast::error_code&) override {
    verb = v;
    method.assign(method_text.data(), method_text.size());
    target.assign(target_text.data(), target_text.size());
  }
  void on_response_impl(int, beast::string_view, int, beast::error_code& ec) override {
    ec = http::error::bad_method;  // never called for requests
  }
  void on_field_impl(http::field name, beast::string_view name_text, beast::string_view value,
                     beast::error_code& ec) override {
    if (++count_ > kHeaderFields) {
      ec = http::error::header_limit;
      return;
    }
    has_length = has_length || name == http::field::content_length;
    has_encoding = has_encoding || name == http::field::transfer_encoding;
    fields[lower(std::string(name_text.data(), name_text.size()))].assign(value.data(), value.size());
  }
  void on_header_impl(beast::error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>&, beast::error_code&) override {}
  std::size_t on_body_impl(beast::string_view body, beast::error_code&) override { return body.size(); }
  void on_chunk_header_impl(std::uint64_t, beast::string_view, beast::error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, beast::string_view body, beast::error_code&) override {
    return body.size();
  }
  void on_finish_impl(beast::error_code&) override {}

  std::size_t count_ = 0;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  // `remote`: the peer's address; `counted`: the party its connection is counted under
  // (empty for a trusted proxy that needs no key).
  Session(tcp::socket socket, HttpServer::Impl& server, std::string remote, std::string counted, bool trusted)
      : stream_(std::move(socket)),
        server_(server),
        remote_(std::move(remote)),
        peer_(std::move(counted)),
        trusted_(trusted) {}
  ~Session() {
    answered();  // a request left half-way still counts as done for stop()
    drop_body();
    drop_answer();
    if (!proxied_.empty()) server_.release_behind_proxy(party_of(proxied_));
    server_.release(peer_);
  }

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->trusted_ && self->server_.proxy_protocol) {
        // One deadline for the whole header, however it is cut up.
        self->stream_.expires_after(kFirstHeaderTimeout);
        self->read_proxy_header();
      } else
        self->read_header(true);
    });
  }

 private:
  // The PROXY protocol's header, before the first request: a trusted proxy that speaks it
  // (stunnel's "protocol = proxy", HAProxy's send-proxy, nginx's stream proxy_protocol)
  // says there which client the connection is for.
  void read_proxy_header() {
    stream_.async_read_some(buffer_.prepare(kProxyHeaderBytes),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec) return self->close();
                              self->buffer_.commit(n);
                              self->take_proxy_header();
                            });
  }

  void take_proxy_header() {
    std::string_view have(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    std::string source;
    std::size_t used = 0;
    // Bytes that are still the start of either header: wait for more (a header may arrive
    // in pieces).
    auto starts = [&](std::string_view whole) { return whole.substr(0, have.size()) == have.substr(0, whole.size()); };
    if (have.size() < kProxyV2Signature.size() && (starts(kProxyV2Signature) || starts("PROXY ")))
      return read_proxy_header();
    if (have.substr(0, 12) == kProxyV2Signature) {
      if (have.size() < 16) return read_proxy_header();
      auto byte = [&](std::size_t i) { return static_cast<unsigned char>(have[i]); };
      std::size_t length = (std::size_t{byte(14)} << 8) | byte(15);
      if (16 + length > kProxyHeaderBytes || (byte(12) >> 4) != 2) return close();
      if (have.size() < 16 + length) return read_proxy_header();
      used = 16 + length;
      unsigned command = byte(12) & 0x0F, family = byte(13);
      if (command == 1 && family == 0x11 && length >= 12) {
        net::ip::address_v4::bytes_type b;
        for (std::size_t i = 0; i < 4; ++i) b[i] = byte(16 + i);
        source = net::ip::address_v4(b).to_string();
      } else if (command == 1 && family == 0x21 && length >= 36) {
        net::ip::address_v6::bytes_type b;
        for (std::size_t i = 0; i < 16; ++i) b[i] = byte(16 + i);
        source = unmapped(net::ip::address_v6(b)).to_string();
      } else if (command > 1 || (command == 1 && family != 0)) {
        return close();  // an undefined command, or a PROXY of another kind of socket
      }                  // LOCAL (the proxy's own health check) or UNSPEC: the proxy itself
    } else {
      auto end = have.find("\r\n");
      // v1: at most 107 bytes, "\r\n" included.
      if (end == std::string_view::npos) return have.size() < 107 ? read_proxy_header() : close();
      if (end + 2 > 107 || have.substr(0, 6) != "PROXY ") return close();
      used = end + 2;
      std::istringstream line{std::string(have.substr(6, end - 6))};
      std::string protocol, from, to;
      line >> protocol >> from >> to;
      if (protocol == "TCP4" || protocol == "TCP6") {
        beast::error_code bad;
        auto address = net::ip::make_address(from, bad);
        if (bad || address.is_v4() != (protocol == "TCP4")) return close();
        source = unmapped(address).to_string();
      } else if (protocol != "UNKNOWN") {
        return close();
      }
    }
    buffer_.consume(used);
    if (!source.empty()) {
      if (!server_.admit_behind_proxy(party_of(source))) {
        server_.warn_cap();
        return close();
      }
      proxied_ = source;
    }
    read_header(true);
  }

  void read_header(bool first) {
    head_.emplace();
    stream_.expires_after(first ? kFirstHeaderTimeout : kIdleTimeout);
    http::async_read_header(stream_, buffer_, *head_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    started_ = std::chrono::steady_clock::now();
    request_ = ApiRequest{};
    head_only_ = false;
    // Gone, or silent past the timeout (the stream has closed the socket already: no
    // answer can be sent): nothing to do but let go.
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof)
      return close();
    server_.started_one();
    answering_ = true;
    try {
      take_header(ec);
    } catch (const std::exception& e) {
      log::error("http", std::string("unexpected failure reading a request: ") + e.what());
      refuse_and_close(internal_error());
    }
  }

  void take_header(beast::error_code ec) {
    if (ec == http::error::header_limit) return refuse_and_close(headers_too_large());
    if (ec) return refuse_and_close(bad_request());
    HeadParser& head = *head_;
    // HEAD is GET without the body (respond() drops it): the API routes it as GET.
    head_only_ = head.verb == http::verb::head;
    request_.method = head_only_ ? "GET" : head.method;
    std::string_view target = head.target;
    if (target.empty() || target[0] != '/') return refuse_and_close(bad_request());
    auto question = target.find('?');
    if (!percent_decode(target.substr(0, question), false, request_.path)) return refuse_and_close(bad_request());
    if (question != std::string_view::npos) {
      std::string_view query = target.substr(question + 1);
      while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        auto eq = pair.find('=');
        std::string name, value;
        if (!percent_decode(pair.substr(0, eq), true, name) ||
            !percent_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true, value))
          return refuse_and_close(bad_request());
        if (!name.empty()) request_.query[name] = value;
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
      }
    }
    request_.headers = std::move(head.fields);
    key_shown_ = false;
    if (auto key = request_.headers.find("x-tk-proxy-key"); key != request_.headers.end()) {
      key_shown_ = trusted_ && !server_.proxy_key.empty() && same_secret(key->second, server_.proxy_key);
      request_.headers.erase(key);  // nothing after this sees it
      if (key_shown_ && !peer_.empty()) {
        server_.vouched(peer_);
        peer_.clear();
      }
    }
    request_.peer = client_address();
    // Two framings: a proxy in front and this server could read different requests.
    if (head.has_length && head.has_encoding)
      return refuse_and_close(refusal(ErrorKind::BadRequest, "ambiguous_length",
                                      "La solicitud trae Content-Length y Transfer-Encoding a la vez.",
                                      "The request has both Content-Length and Transfer-Encoding."));
    // A body of unknown length could be any size: the API's clients always say it.
    if (head.has_encoding)
      return refuse_and_close(refusal(ErrorKind::BadRequest, "length_required",
                                      "Indique Content-Length; no se aceptan cuerpos por partes.",
                                      "Give a Content-Length; chunked bodies are not accepted."));
    std::uint64_t length = head.content_length().value_or(0);
    keep_alive_ = head.keep_alive();
    // Refused before its body is read (no token, a bad one, a body where none is taken):
    // the connection ends with the answer, so that refusals cannot keep it open.
    if (auto refused = server_.api.check_before_body(request_)) return refuse_and_close(std::move(*refused));
    if (length > server_.api.max_request_bytes()) return refuse_and_close(too_large());
    if (!server_.take_body_bytes(request_.peer, static_cast<std::size_t>(length)))
      return refuse_and_close(server_busy());
    body_bytes_ = static_cast<std::size_t>(length);
    body_party_ = request_.peer;
    head_.reset();
    if (length > 0 && beast::iequals(request_.header("expect"), "100-continue")) {
      auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      stream_.expires_after(kWriteTimeout);
      http::async_write(stream_, *go_on, [self = shared_from_this(), go_on, length](beast::error_code ec, std::size_t) {
        if (ec) return self->abandon();
        self->read_body(length);
      });
      return;
    }
    read_body(length);
  }

  // Who sent the request, for the limits on guesses. Only a trusted proxy is believed: the
  // client its PROXY header named, or the last X-Forwarded-For entry (the one it appended;
  // earlier entries are whatever the client wrote). Anyone else is who they are, loopback
  // included: any local user could write the header.
  std::string client_address() const {
    if (!proxied_.empty()) return party_of(proxied_);
    bool believed = trusted_ && (server_.proxy_key.empty() || key_shown_);
    if (believed && !server_.proxy_protocol) {
      std::string forwarded = request_.header("x-forwarded-for");
      std::size_t comma = forwarded.rfind(',');
      std::string last = forwarded.substr(comma == std::string::npos ? 0 : comma + 1);
      last.erase(0, last.find_first_not_of(" \t"));
      last.erase(last.find_last_not_of(" \t") + 1);
      beast::error_code bad;
      if (!last.empty() && last.size() <= 45 && (net::ip::make_address(last, bad), !bad)) return party_of(last);
    }
    return party_of(remote_);
  }

  // Exactly `length` bytes: what came with the headers first, then the rest as it
  // arrives (the string grows with the bytes; nothing is reserved for a declared length).
  void read_body(std::uint64_t length) {
    auto& body = request_.body;
    // Reserved whole (the budget above already counts it): grown as it arrived, a 10 MiB
    // body passed through copies of 8 and 16 MiB.
    body.reserve(static_cast<std::size_t>(length));
    std::size_t have = std::min<std::size_t>(buffer_.size(), static_cast<std::size_t>(length));
    body.resize(have);
    net::buffer_copy(net::buffer(body), buffer_.data(), have);
    buffer_.consume(have);
    std::size_t missing = static_cast<std::size_t>(length) - have;
    if (missing == 0) return on_body({});
    stream_.expires_after(kBodyTimeout);
    net::async_read(stream_, net::dynamic_buffer(body, static_cast<std::size_t>(length)),
                    net::transfer_exactly(missing),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
  }

  void on_body(beast::error_code ec) {
    if (ec) return abandon();  // gone, or too slow (the stream has closed it)
    ApiResponse answer;
    try {
      answer = server_.api.handle(request_);
    } catch (const std::exception& e) {
      log::error("http", std::string("unexpected failure answering a request: ") + e.what());
      answer = internal_error();
    }
    drop_body();  // before the answer is written: a slow reader must not keep it
    respond(std::move(answer), !keep_alive_ || server_.stopping);
  }

  void drop_answer() {
    if (answer_bytes_ == 0) return;
    server_.give_body_bytes(request_.peer, answer_bytes_);
    answer_bytes_ = 0;
  }

  // The body's memory goes back now, and its bytes to the budget.
  void drop_body() {
    std::string().swap(request_.body);
    if (body_bytes_ == 0) return;
    server_.give_body_bytes(body_party_, body_bytes_);
    body_bytes_ = 0;
  }

  static ApiResponse internal_error() {
    return refusal(ErrorKind::Internal, "internal", "Error interno del servidor.", "Internal server error.");
  }

  void refuse_and_close(ApiResponse answer) { respond(std::move(answer), true); }

  void respond(ApiResponse answer, bool close_after) {
    head_.reset();  // what the parser held of the request goes now, not after the write
    auto response = std::make_shared<http::response<http::string_body>>();
    try {
      ApiResponse out = TicketApi::in_language(std::move(answer), request_.header("accept-language"));
      // A large answer (an attachment) is held until a slow reader has taken it: it counts
      // against the same budget as bodies, so that many downloads at once cannot take the
      // machine's memory (issue 25).
      if (out.body.size() > kLargeAnswer && !head_only_) {
        if (server_.take_body_bytes(request_.peer, out.body.size())) {
          answer_bytes_ = out.body.size();
        } else {
          out = TicketApi::in_language(server_busy(), request_.header("accept-language"));
          close_after = true;
        }
      }
      response->result(static_cast<http::status>(out.status));
      if (!out.body.empty() || !out.content_type.empty()) response->set(http::field::content_type, out.content_type);
      for (const auto& [name, value] : out.headers) response->insert(name, value);
      response->body() = std::move(out.body);
      response->keep_alive(!close_after);
      response->prepare_payload();
      // HEAD: the headers of the answer to GET, Content-Length included, and no body.
      if (head_only_) response->body().clear();
      log_line(out.status);
    } catch (const std::exception& e) {
      log::error("http", std::string("unexpected failure writing an answer: ") + e.what());
      *response = http::response<http::string_body>(http::status::internal_server_error, 11);
      close_after = true;
      response->keep_alive(false);
      response->prepare_payload();
    }
    stream_.expires_after(kWriteTimeout);
    http::async_write(stream_, *response,
                      [self = shared_from_this(), response, close_after](beast::error_code ec, std::size_t) {
                        self->answered();
                        self->drop_answer();
                        if (ec) return self->close();
                        if (close_after) return self->linger();
                        self->read_header(false);
                      });
  }

  void log_line(int status) {
    if (!log::enabled(log::Severity::Info)) return;
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started_);
    std::ostringstream line;
    // No query string: it can carry an employee number; no headers: they carry tokens.
    std::string method = head_only_ ? "HEAD" : request_.method;  // routed as GET, logged as sent
    line << printable(method.empty() ? "-" : method, 16) << " "
         << printable(request_.path.empty() ? "-" : request_.path, 120) << " " << status << " " << micros.count()
         << "us";
    log::info("http", line.str());
  }

  void answered() {
    if (!answering_) return;
    answering_ = false;
    server_.finished_one();
  }

  // The answer is out; what the client still sends is read and dropped for a moment.
  void linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTimeout);
    drain();
  }

  void drain() {
    stream_.async_read_some(net::buffer(discard_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > kLingerBytes) return self->close();
      self->drain();
    });
  }

  void abandon() {
    answered();
    drop_body();
    close();
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& server_;
  std::string remote_;    // the peer's address
  std::string peer_;      // the address it is counted under (empty: a trusted proxy)
  bool trusted_ = false;  // the peer is a trusted proxy
  std::string proxied_;   // the client a PROXY header named, counted under its address
  beast::flat_buffer buffer_{kReadBuffer};
  std::optional<HeadParser> head_;
  bool keep_alive_ = false;
  ApiRequest request_;
  std::chrono::steady_clock::time_point started_{};
  bool answering_ = false;
  bool head_only_ = false;  // a HEAD request
  std::array<char, 16 * 1024> discard_{};
  std::size_t drained_ = 0;
  std::size_t body_bytes_ = 0;    // what this request holds of the server's body budget
  std::string body_party_;        // and for whom
  std::size_t answer_bytes_ = 0;  // what the answer being written holds of it (for request_.peer)
  bool key_shown_ = false;        // this request came with the trusted proxy's key
};

}  // namespace

void HttpServer::Impl::warn_cap() {
  std::lock_guard<std::mutex> lock(cap_warning_mutex);
  auto now = std::chrono::steady_clock::now();
  if (now - last_cap_warning < std::chrono::minutes(1)) return;
  last_cap_warning = now;
  log::warning("http", "connection limit reached (" + std::to_string(max_connections) + " in all, " +
                           std::to_string(per_address_cap) +
                           " per address): new connections are closed until others end");
}

void HttpServer::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || stopping) return;
    if (ec) {
      // Out of descriptors or buffers: wait a moment for some to free rather than spin.
      retry.expires_after(std::chrono::milliseconds(100));
      retry.async_wait([this](beast::error_code waited) {
        if (!waited && !stopping) accept();
      });
      return;
    }
    try {
      beast::error_code no_peer;
      auto remote = socket.remote_endpoint(no_peer);
      auto peer = unmapped(remote.address());
      bool trusted_peer = !no_peer && is_trusted(peer);
      std::string address = no_peer ? std::string("unknown") : peer.to_string();
      // A trusted proxy with a key is counted like anyone until a request shows the key.
      std::string counted = trusted_peer && proxy_key.empty() ? std::string() : party_of(address);
      if (admit(counted)) {
        std::make_shared<Session>(std::move(socket), *this, address, counted, trusted_peer)->start();
      } else {
        warn_cap();
        beast::error_code ignored;
        socket.close(ignored);
      }
    } catch (const std::exception& e) {
      log::error("http", std::string("unexpected failure taking a connection: ") + e.what());
    }
    accept();
  });
}

HttpServer::HttpServer(TicketApi& api, const std::string& host, int port, const ProxyTrust& trust)
    : impl_(std::make_unique<Impl>(api, host, port, trust)) {}

HttpServer::~HttpServer() {
  if (!impl_->threads.empty()) stop();
}

void HttpServer::start() {
  auto& acceptor = impl_->acceptor;
  acceptor.open(impl_->endpoint.protocol());
  acceptor.set_option(net::socket_base::reuse_address(true));
  acceptor.bind(impl_->endpoint);
  acceptor.listen(net::socket_base::max_listen_connections);
  impl_->accept();
  for (int i = 0; i < g_threads; ++i)
    impl_->threads.emplace_back([this] {
      // A handler that throws is a bug, not a reason to end the server: logged, and the
      // thread goes back to work.
      for (;;) {
        try {
          impl_->ioc.run();
          return;
        } catch (const std::exception& e) {
          log::error("http", std::string("unexpected failure in the network thread: ") + e.what());
        }
      }
    });
}

void HttpServer::stop() {
  impl_->stopping = true;
  // Closed on the acceptor's own strand, and waited for: no new connection after this.
  auto closed = std::make_shared<std::promise<void>>();
  auto done = closed->get_future();
  net::post(impl_->accept_strand, [this, closed] {
    beast::error_code ignored;
    impl_->retry.cancel();
    impl_->acceptor.close(ignored);
    closed->set_value();
  });
  done.wait_for(std::chrono::seconds(5));
  {
    std::unique_lock<std::mutex> lock(impl_->in_flight_mutex);
    impl_->in_flight_done.wait_for(lock, std::chrono::seconds(30), [this] { return impl_->in_flight == 0; });
  }
  impl_->ioc.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace tk::server
