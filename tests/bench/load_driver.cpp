// tk-load: a small load driver for a running tk-server (loopback only).
//
//   tk-load --url http://127.0.0.1:PORT --token T --mode create|read|health
//           [--concurrency N] [--requests TOTAL] [--seconds MAX] [--warmup N] [--tk TK-... | --tickets N]
//           [--security-percent P] (create) | --mode get --path /api/v1/...
//
// Each connection is one thread with its own persistent HTTP/1.1 keep-alive socket. The run
// stops after TOTAL measured requests or MAX seconds, whichever comes first. Warmup requests
// (per connection, before the clock starts) are not measured. Plain POSIX sockets, no
// dependencies. Exit status: 0 when every request got the expected status, 1 otherwise,
// 2 on bad usage.

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kIoTimeoutMs = 10000;                   // per request, connect included
constexpr std::size_t kMaxResponseBytes = 64u << 20;  // refuse absurd responses

struct Options {
  std::string url = "http://127.0.0.1:8080";
  std::string host;
  std::string port;
  std::string token;
  std::string mode;
  std::string tk;
  long tickets = 1;
  long concurrency = 8;
  long requests = 20000;
  double seconds = 30;
  long warmup = 50;
  std::string path;           // mode get: the path and query to ask for
  long security_percent = 0;  // mode create: this share of the reports are security incidents
};

[[noreturn]] void usage(const std::string& message) {
  std::cerr << "tk-load: " << message << "\n"
            << "usage: tk-load --url http://127.0.0.1:PORT --mode create|read|get|health [--token T]\n"
            << "               [--concurrency N=8] [--requests TOTAL=20000] [--seconds MAX=30]\n"
            << "               [--warmup N=50] [--tk TK-... | --tickets N=1] [--security-percent P=0]\n"
            << "               [--path /api/v1/... (mode get)]\n";
  std::exit(2);
}

long parse_long(const std::string& name, const std::string& text, long lo, long hi) {
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || errno != 0 || *end != '\0' || v < lo || v > hi)
    usage("--" + name + " must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return v;
}

double parse_seconds(const std::string& text) {
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || errno != 0 || *end != '\0' || !(v > 0) || v > 3600)
    usage("--seconds must be a number in (0, 3600]");
  return v;
}

bool safe_header_value(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

bool safe_tk(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (unsigned char c : s)
    if (!std::isalnum(c) && c != '-' && c != '_') return false;
  return true;
}

// Accepts http://HOST:PORT[/] with HOST one of 127.0.0.1, localhost, [::1] (or bare ::1).
void parse_url(Options& o) {
  const std::string prefix = "http://";
  if (o.url.compare(0, prefix.size(), prefix) != 0) usage("--url must start with http://");
  std::string rest = o.url.substr(prefix.size());
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.find('/') != std::string::npos) usage("--url must not carry a path");
  std::string host, port;
  if (!rest.empty() && rest[0] == '[') {
    auto close = rest.find(']');
    if (close == std::string::npos) usage("bad IPv6 literal in --url");
    host = rest.substr(1, close - 1);
    if (close + 1 < rest.size()) {
      if (rest[close + 1] != ':') usage("bad --url");
      port = rest.substr(close + 2);
    }
  } else if (rest == "::1") {
    host = rest;
  } else {
    auto colon = rest.rfind(':');
    host = colon == std::string::npos ? rest : rest.substr(0, colon);
    if (colon != std::string::npos) port = rest.substr(colon + 1);
  }
  std::string lower;
  for (unsigned char c : host) lower.push_back(static_cast<char>(std::tolower(c)));
  if (lower != "127.0.0.1" && lower != "localhost" && lower != "::1")
    usage("refusing host '" + host + "': only 127.0.0.1, localhost or ::1 are allowed");
  if (port.empty()) port = "80";
  parse_long("url port", port, 1, 65535);
  o.host = lower;
  o.port = port;
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") usage("help");
    if (a.compare(0, 2, "--") != 0) usage("unexpected argument '" + a + "'");
    std::string name = a.substr(2), value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else {
      if (i + 1 >= argc) usage("--" + name + " needs a value");
      value = argv[++i];
    }
    if (name == "url")
      o.url = value;
    else if (name == "token")
      o.token = value;
    else if (name == "mode")
      o.mode = value;
    else if (name == "tk")
      o.tk = value;
    else if (name == "tickets")
      o.tickets = std::atol(value.c_str());
    else if (name == "concurrency")
      o.concurrency = parse_long(name, value, 1, 1024);
    else if (name == "requests")
      o.requests = parse_long(name, value, 1, 100000000);
    else if (name == "seconds")
      o.seconds = parse_seconds(value);
    else if (name == "warmup")
      o.warmup = parse_long(name, value, 0, 1000000);
    else if (name == "path")
      o.path = value;
    else if (name == "security-percent")
      o.security_percent = parse_long(name, value, 0, 100);
    else
      usage("unknown option --" + name);
  }
  if (o.mode != "create" && o.mode != "read" && o.mode != "health" && o.mode != "get")
    usage("--mode must be create, read, get or health");
  if (o.mode == "get" &&
      (o.path.rfind("/api/v1/", 0) != 0 || !safe_header_value(o.path) || o.path.find(' ') != std::string::npos))
    usage("--mode get needs --path /api/v1/... (no spaces)");
  if (o.mode != "health" && o.token.empty()) usage("--token is required for mode " + o.mode);
  if (!safe_header_value(o.token)) usage("--token contains control characters");
  if (!o.tk.empty() && !safe_tk(o.tk)) usage("--tk has unexpected characters");
  if (o.tickets < 1 || o.tickets > 100000) usage("--tickets must be between 1 and 100000");
  parse_url(o);
  return o;
}

bool is_loopback(const sockaddr* sa) {
  if (sa->sa_family == AF_INET) {
    auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
  }
  if (sa->sa_family == AF_INET6) {
    auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
  }
  return false;
}

// Resolved once; every address is checked to be loopback.
struct Target {
  sockaddr_storage addr{};
  socklen_t len = 0;
  std::string host_header;
};

Target resolve(const Options& o) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  if (o.host != "localhost") hints.ai_flags |= AI_NUMERICHOST;
  addrinfo* res = nullptr;
  int rc = getaddrinfo(o.host.c_str(), o.port.c_str(), &hints, &res);
  if (rc != 0) usage(std::string("cannot resolve host: ") + gai_strerror(rc));
  Target t;
  for (addrinfo* p = res; p; p = p->ai_next) {
    if (!is_loopback(p->ai_addr)) continue;
    std::memcpy(&t.addr, p->ai_addr, p->ai_addrlen);
    t.len = static_cast<socklen_t>(p->ai_addrlen);
    if (p->ai_family == AF_INET) break;  // prefer IPv4 for localhost
  }
  freeaddrinfo(res);
  if (t.len == 0) usage("host does not resolve to a loopback address");
  t.host_header = (o.host == "::1" ? "[::1]" : o.host) + ":" + o.port;
  return t;
}

struct Response {
  int status = 0;
  std::string body;
  bool close = false;  // server asked to close, or body delimited by EOF
};

enum class IoResult { Ok, Closed, Timeout, Error, Protocol };

const char* io_name(IoResult r) {
  switch (r) {
    case IoResult::Ok: return "ok";
    case IoResult::Closed: return "closed";
    case IoResult::Timeout: return "timeout";
    case IoResult::Error: return "io_error";
    case IoResult::Protocol: return "bad_http";
  }
  return "?";
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_xdigit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string{} : s.substr(b, e - b + 1);
}

// One persistent connection with its own receive buffer.
class Connection {
 public:
  explicit Connection(const Target& t) : target_(t) {}
  ~Connection() { close(); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool open() const { return fd_ >= 0; }
  bool connected_before() const { return connects_ > 0; }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buf_.clear();
    pos_ = 0;
  }

  IoResult connect() {
    close();
    fd_ = ::socket(target_.addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return IoResult::Error;
    ++connects_;
    timeval tv{kIoTimeoutMs / 1000, 0};
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);  // bounds connect() too
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&target_.addr), target_.len) != 0) {
      close();
      return IoResult::Error;
    }
    return IoResult::Ok;
  }

  // Sends one request and reads one full response. `received_any` tells the caller whether
  // a retry on a fresh connection is safe (the server closed an idle keep-alive socket).
  IoResult exchange(const std::string& request, Response& out, bool& received_any) {
    received_any = false;
    deadline_ = Clock::now() + std::chrono::milliseconds(kIoTimeoutMs);
    std::size_t sent = 0;
    while (sent < request.size()) {
      ssize_t n = ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return IoResult::Timeout;
        return errno == EPIPE || errno == ECONNRESET ? IoResult::Closed : IoResult::Error;
      }
      sent += static_cast<std::size_t>(n);
    }
    IoResult r = read_response(out);
    received_any = consumed_any_ || out.status != 0;
    return r;
  }

 private:
  // Ensures at least `want` unread bytes are buffered. Returns Closed on orderly EOF.
  IoResult fill(std::size_t want) {
    while (buf_.size() - pos_ < want) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
      if (left <= 0) return IoResult::Timeout;
      pollfd p{fd_, POLLIN, 0};
      int pr = ::poll(&p, 1, static_cast<int>(left));
      if (pr < 0) {
        if (errno == EINTR) continue;
        return IoResult::Error;
      }
      if (pr == 0) return IoResult::Timeout;
      char chunk[65536];
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        return errno == ECONNRESET ? IoResult::Closed : IoResult::Error;
      }
      if (n == 0) return IoResult::Closed;
      if (pos_ > 0 && pos_ == buf_.size()) {
        buf_.clear();
        pos_ = 0;
      }
      buf_.append(chunk, static_cast<std::size_t>(n));
      consumed_any_ = true;
      if (buf_.size() - pos_ > kMaxResponseBytes + 65536) return IoResult::Protocol;
    }
    return IoResult::Ok;
  }

  // Reads up to and including CRLF; returns the line without it.
  IoResult read_line(std::string& line) {
    for (;;) {
      auto nl = buf_.find("\r\n", pos_);
      if (nl != std::string::npos) {
        line.assign(buf_, pos_, nl - pos_);
        pos_ = nl + 2;
        return IoResult::Ok;
      }
      if (buf_.size() - pos_ > 65536) return IoResult::Protocol;
      IoResult r = fill(buf_.size() - pos_ + 1);
      if (r != IoResult::Ok) return r;
    }
  }

  IoResult take(std::size_t n, std::string& into) {
    IoResult r = fill(n);
    if (r != IoResult::Ok) return r;
    into.append(buf_, pos_, n);
    pos_ += n;
    return IoResult::Ok;
  }

  IoResult read_response(Response& out) {
    consumed_any_ = false;
    for (;;) {  // skip interim 1xx responses
      out = Response{};
      std::string line;
      IoResult r = read_line(line);
      if (r != IoResult::Ok) return r;
      // "HTTP/1.1 201 Created"
      if (line.size() < 12 || line.compare(0, 5, "HTTP/") != 0 || line[8] != ' ') return IoResult::Protocol;
      bool http10 = line.compare(5, 3, "1.0") == 0;
      std::string code = line.substr(9, 3);
      if (!std::all_of(code.begin(), code.end(), is_digit) || (line.size() > 12 && line[12] != ' '))
        return IoResult::Protocol;
      out.status = std::stoi(code);

      std::optional<std::size_t> length;
      bool chunked = false, keep_alive = !http10, conn_close = false;
      for (;;) {
        r = read_line(line);
        if (r != IoResult::Ok) return r;
        if (line.empty()) break;
        auto colon = line.find(':');
        if (colon == std::string::npos) return IoResult::Protocol;
        std::string name = lower(trim(line.substr(0, colon)));
        std::string value = trim(line.substr(colon + 1));
        if (name == "content-length") {
          if (value.empty() || value.size() > 12 || !std::all_of(value.begin(), value.end(), is_digit))
            return IoResult::Protocol;
          std::size_t v = std::stoull(value);
          if (length && *length != v) return IoResult::Protocol;
          length = v;
        } else if (name == "transfer-encoding") {
          std::string v = lower(value);
          if (v.size() >= 7 && v.compare(v.size() - 7, 7, "chunked") == 0)
            chunked = true;
          else
            return IoResult::Protocol;  // other codings are not supported
        } else if (name == "connection") {
          std::string v = lower(value);
          if (v.find("close") != std::string::npos) conn_close = true;
          if (v.find("keep-alive") != std::string::npos) keep_alive = true;
        }
      }
      if (out.status >= 100 && out.status < 200) continue;
      out.close = conn_close || !keep_alive;

      bool no_body = out.status == 204 || out.status == 304;
      if (no_body) return IoResult::Ok;
      if (chunked) {
        for (;;) {
          r = read_line(line);
          if (r != IoResult::Ok) return r;
          std::string size_text = trim(line.substr(0, line.find(';')));
          if (size_text.empty() || size_text.size() > 8 || !std::all_of(size_text.begin(), size_text.end(), is_xdigit))
            return IoResult::Protocol;
          std::size_t size = std::stoul(size_text, nullptr, 16);
          if (out.body.size() + size > kMaxResponseBytes) return IoResult::Protocol;
          if (size == 0) {
            do {  // trailers, then the empty line
              r = read_line(line);
              if (r != IoResult::Ok) return r;
            } while (!line.empty());
            return IoResult::Ok;
          }
          r = take(size, out.body);
          if (r != IoResult::Ok) return r;
          r = read_line(line);
          if (r != IoResult::Ok) return r;
          if (!line.empty()) return IoResult::Protocol;
        }
      }
      if (length) {
        if (*length > kMaxResponseBytes) return IoResult::Protocol;
        return take(*length, out.body);
      }
      // No framing: the body runs until the server closes the connection.
      out.close = true;
      for (;;) {
        r = fill(buf_.size() - pos_ + 1);
        if (r == IoResult::Closed) break;
        if (r != IoResult::Ok) return r;
      }
      out.body.append(buf_, pos_, std::string::npos);
      pos_ = buf_.size();
      return IoResult::Ok;
    }
  }

  const Target& target_;
  int fd_ = -1;
  std::string buf_;
  std::size_t pos_ = 0;
  bool consumed_any_ = false;
  long connects_ = 0;
  Clock::time_point deadline_{};
};

std::string extract_tk(const std::string& body) {
  auto at = body.find("\"tk\"");
  if (at == std::string::npos) return {};
  std::size_t i = at + 4;
  while (i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) ++i;
  if (i >= body.size() || body[i] != ':') return {};
  ++i;
  while (i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) ++i;
  if (i >= body.size() || body[i] != '"') return {};
  auto end = body.find('"', i + 1);
  if (end == std::string::npos) return {};
  return body.substr(i + 1, end - i - 1);
}

struct Stats {
  long ok = 0;
  std::map<std::string, long> errors;  // "status 404", "timeout", ...
  long reconnects = 0;
  std::vector<double> latencies_ms;
  std::vector<std::string> tks;
  long warmup_errors = 0;
};

class Driver {
 public:
  Driver(const Options& o, const Target& t) : opt_(o), target_(t), pid_(static_cast<long>(::getpid())) {}

  std::string build_request(int thread, long index, bool warm) const {
    std::string r;
    r.reserve(512);
    if (opt_.mode == "create") {
      std::string key =
          "bench-" + std::to_string(pid_) + "-" + std::to_string(thread) + (warm ? "-w" : "-") + std::to_string(index);
      bool security = index % 100 < opt_.security_percent;
      std::string body = std::string(security ? "{\"type\":\"security_incident\",\"category\":\"phishing\""
                                              : "{\"type\":\"incident\",\"category\":\"software\"") +
                         ",\"summary\":\"Benchmark " + std::to_string(index) +
                         "\",\"description\":\"load test\",\"impact\":2,\"urgency\":2}";
      r += "POST /api/v1/tickets HTTP/1.1\r\n";
      r += "Host: " + target_.host_header + "\r\n";
      r += "Authorization: Bearer " + opt_.token + "\r\n";
      r += "Content-Type: application/json\r\n";
      r += "Idempotency-Key: " + key + "\r\n";
      r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
      r += body;
    } else if (opt_.mode == "read") {
      r += "GET /api/v1/tickets/" + tks_[static_cast<std::size_t>(index) % tks_.size()] + " HTTP/1.1\r\n";
      r += "Host: " + target_.host_header + "\r\n";
      r += "Authorization: Bearer " + opt_.token + "\r\n\r\n";
    } else if (opt_.mode == "get") {
      r += "GET " + opt_.path + " HTTP/1.1\r\n";
      r += "Host: " + target_.host_header + "\r\n";
      r += "Authorization: Bearer " + opt_.token + "\r\n\r\n";
    } else {
      r += "GET /api/v1/health HTTP/1.1\r\n";
      r += "Host: " + target_.host_header + "\r\n\r\n";
    }
    return r;
  }

  int expected() const { return opt_.mode == "create" ? 201 : 200; }

  // One request with at most one transparent retry when a reused keep-alive socket turned
  // out to be closed before any byte of the answer arrived. Returns the error label or "".
  std::string one(Connection& c, const std::string& request, Response& resp, long& reconnects) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      bool reused = c.open();
      if (!reused) {
        if (c.connected_before()) ++reconnects;  // the server closed the previous socket
        if (c.connect() != IoResult::Ok) return "connect_failed";
      }
      bool received_any = false;
      IoResult r = c.exchange(request, resp, received_any);
      if (r == IoResult::Ok) {
        if (resp.close) c.close();
        return {};
      }
      c.close();
      if (reused && !received_any && (r == IoResult::Closed || r == IoResult::Error)) continue;
      return io_name(r);
    }
    return "closed";
  }

  // Sets up the read-mode TK: the one given, or one created now.
  bool prepare() {
    if (opt_.mode != "read") return true;
    if (!opt_.tk.empty()) {
      tks_.push_back(opt_.tk);
      return true;
    }
    // The tickets to read, made now: --tickets N spreads the reads over N of them.
    Options tmp = opt_;
    tmp.mode = "create";
    Driver creator(tmp, target_);
    Connection c(target_);
    for (long i = 0; i < opt_.tickets; ++i) {
      Response resp;
      long reconnects = 0;
      std::string err = creator.one(c, creator.build_request(0, i, true), resp, reconnects);
      if (!err.empty() || resp.status != 201) {
        std::cerr << "tk-load: could not create the ticket to read ("
                  << (err.empty() ? "status " + std::to_string(resp.status) : err) << "): " << resp.body.substr(0, 300)
                  << "\n";
        return false;
      }
      tks_.push_back(extract_tk(resp.body));
      if (!safe_tk(tks_.back())) {
        std::cerr << "tk-load: no usable \"tk\" in the create answer\n";
        return false;
      }
    }
    return true;
  }

  void worker(int id, Stats& s) {
    Connection c(target_);
    Response resp;
    // Warmup: not measured, bounded by the same time budget.
    for (long i = 0; i < opt_.warmup && Clock::now() < hard_deadline_; ++i) {
      long reconnects = 0;
      std::string err = one(c, build_request(id, i, true), resp, reconnects);
      if (!err.empty() || resp.status != expected()) ++s.warmup_errors;
    }
    arrive_and_wait();
    while (Clock::now() < deadline_) {
      long index = next_.fetch_add(1, std::memory_order_relaxed);
      if (index >= opt_.requests) break;
      std::string request = build_request(id, index, false);
      auto t0 = Clock::now();
      std::string err = one(c, request, resp, s.reconnects);
      auto t1 = Clock::now();
      if (!err.empty()) {
        ++s.errors[err];
        continue;
      }
      s.latencies_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      if (resp.status != expected()) {
        ++s.errors["status " + std::to_string(resp.status)];
        continue;
      }
      ++s.ok;
      if (opt_.mode == "create") s.tks.push_back(extract_tk(resp.body));
    }
  }

  int run() {
    // Warmup (and the read-mode setup) get their own budget of --seconds.
    hard_deadline_ =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(opt_.seconds));
    if (!prepare()) return 1;
    std::vector<Stats> stats(static_cast<std::size_t>(opt_.concurrency));
    std::vector<std::thread> threads;
    for (int i = 0; i < opt_.concurrency; ++i) threads.emplace_back([this, i, &stats] { worker(i, stats[i]); });
    for (auto& t : threads) t.join();
    auto finished = Clock::now();
    double elapsed = std::chrono::duration<double>(finished - start_).count();

    Stats all;
    for (auto& s : stats) {
      all.ok += s.ok;
      all.reconnects += s.reconnects;
      all.warmup_errors += s.warmup_errors;
      for (auto& [k, v] : s.errors) all.errors[k] += v;
      all.latencies_ms.insert(all.latencies_ms.end(), s.latencies_ms.begin(), s.latencies_ms.end());
      all.tks.insert(all.tks.end(), s.tks.begin(), s.tks.end());
    }
    long errors = 0;
    for (auto& [k, v] : all.errors) errors += v;
    std::sort(all.latencies_ms.begin(), all.latencies_ms.end());
    auto pct = [&](double p) {
      if (all.latencies_ms.empty()) return 0.0;
      std::size_t rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(all.latencies_ms.size()) + 0.999999);
      rank = std::clamp<std::size_t>(rank, 1, all.latencies_ms.size());
      return all.latencies_ms[rank - 1];
    };

    std::printf("mode: %s\n", opt_.mode.c_str());
    std::printf("concurrency: %ld\n", opt_.concurrency);
    std::printf("requests ok: %ld\n", all.ok);
    std::printf("errors: %ld\n", errors);
    std::string by;
    for (auto& [k, v] : all.errors) by += (by.empty() ? "" : ", ") + k + "=" + std::to_string(v);
    std::printf("errors by kind: %s\n", by.empty() ? "none" : by.c_str());
    if (all.warmup_errors) std::printf("warmup errors: %ld\n", all.warmup_errors);
    std::printf("reconnects: %ld\n", all.reconnects);
    std::printf("elapsed s: %.3f\n", elapsed);
    std::printf("requests/s: %.1f\n", elapsed > 0 ? static_cast<double>(all.ok) / elapsed : 0.0);
    std::printf("latency p50 ms: %.3f\n", pct(50));
    std::printf("latency p90 ms: %.3f\n", pct(90));
    std::printf("latency p99 ms: %.3f\n", pct(99));
    std::printf("latency max ms: %.3f\n", all.latencies_ms.empty() ? 0.0 : all.latencies_ms.back());
    if (opt_.mode == "create") {
      std::set<std::string> distinct;
      long missing = 0;
      for (auto& tk : all.tks) {
        if (tk.empty())
          ++missing;
        else
          distinct.insert(tk);
      }
      std::printf("distinct TKs: %zu\n", distinct.size());
      if (missing) std::printf("answers without tk: %ld\n", missing);
      if (missing || distinct.size() != static_cast<std::size_t>(all.ok)) errors += 1;
    }
    if (opt_.mode == "read") std::printf("tickets read: %zu (first %s)\n", tks_.size(), tks_.front().c_str());
    std::fflush(stdout);
    return errors == 0 && all.warmup_errors == 0 ? 0 : 1;
  }

 private:
  void arrive_and_wait() {
    std::unique_lock<std::mutex> lock(mu_);
    if (++arrived_ == opt_.concurrency) {
      start_ = Clock::now();
      deadline_ = start_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(opt_.seconds));
      cv_.notify_all();
    } else {
      cv_.wait(lock, [this] { return arrived_ == opt_.concurrency; });
    }
  }

  const Options& opt_;
  const Target& target_;
  long pid_;
  std::vector<std::string> tks_;
  std::atomic<long> next_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  long arrived_ = 0;
  Clock::time_point start_{};
  Clock::time_point deadline_{};
  Clock::time_point hard_deadline_{};
};

}  // namespace

int main(int argc, char** argv) {
  ::signal(SIGPIPE, SIG_IGN);
  Options opt = parse_args(argc, argv);
  Target target = resolve(opt);
  Driver driver(opt, target);
  return driver.run();
}
