#include "http/listener_rules.h"

#include <algorithm>
#include <cctype>

#include "tk/text.h"

namespace tk::server::listener {

// An IPv4 client of a dual-stack listener arrives as ::ffff:a.b.c.d: the same client.
net::ip::address unmapped(const net::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  return address;
}

// Whom limits are counted against: an IPv4 address, or an IPv6 /64 (one subscriber's
// network hands out a whole /64: per address, it would be endless fresh starts).
std::string party_of(const std::string& text) {
  boost::system::error_code ec;
  auto address = unmapped(net::ip::make_address(text, ec));
  if (ec) return text;
  if (!address.is_v6()) return address.to_string();
  auto bytes = address.to_v6().to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return net::ip::address_v6(bytes).to_string() + "/64";
}

// Compares a secret without telling, by the time it takes, how much of it was right.
bool same_secret(const std::string& given, const std::string& secret) {
  unsigned char differ = given.size() == secret.size() ? 0 : 1;
  for (std::size_t i = 0; i < secret.size(); ++i)
    differ |= static_cast<unsigned char>(secret[i] ^ (i < given.size() ? given[i] : 0));
  return differ == 0;
}

bool Network::contains(const net::ip::address& a) const {
  auto v6 = a.is_v4() ? net::ip::make_address_v6(net::ip::v4_mapped, a.to_v4()) : a.to_v6();
  auto b = v6.to_bytes();
  for (unsigned bit = 0; bit < prefix; ++bit) {
    unsigned byte = bit / 8, mask = 0x80u >> (bit % 8);
    if ((b[byte] & mask) != (bytes[byte] & mask)) return false;
  }
  return true;
}

Network parse_network(const std::string& text) {
  auto slash = text.find('/');
  boost::system::error_code ec;
  auto address = net::ip::make_address(text.substr(0, slash), ec);
  if (ec) throw std::invalid_argument("trusted_proxies: \"" + text + "\" is not an address or a network");
  address = unmapped(address);
  unsigned width = address.is_v4() ? 32 : 128;
  unsigned prefix = width;
  if (slash != std::string::npos) {
    std::string bits = text.substr(slash + 1);
    if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string::npos ||
        std::stoul(bits) > width)
      throw std::invalid_argument("trusted_proxies: \"" + text + "\" has a prefix length out of range");
    prefix = static_cast<unsigned>(std::stoul(bits));
  }
  Network n;
  n.bytes =
      (address.is_v4() ? net::ip::make_address_v6(net::ip::v4_mapped, address.to_v4()) : address.to_v6()).to_bytes();
  n.prefix = address.is_v4() ? prefix + 96 : prefix;
  return n;
}

// What the client sent, made printable and cut for a log line: cut after, since a byte that
// is no character becomes one U+FFFD.
std::string printable(const std::string& s, std::size_t max) {
  return utf8_truncate(printable_text(std::string_view(s).substr(0, max * 4)), max);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// %XX decoding ("+" is a space in a query only); false on a malformed escape.
bool percent_decode(std::string_view in, bool query, std::string& out) {
  out.clear();
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%') {
      if (i + 2 >= in.size()) return false;
      int high = hex(in[i + 1]), low = hex(in[i + 2]);
      if (high < 0 || low < 0) return false;
      char decoded = static_cast<char>(high * 16 + low);
      // A NUL is never meant. (An encoded "/" does split the path: the router matches whole
      // segments against fixed routes, so "TK%2F.." is just a path that does not exist.)
      if (decoded == '\0') return false;
      out.push_back(decoded);
      i += 2;
    } else {
      out.push_back(query && in[i] == '+' ? ' ' : in[i]);
    }
  }
  return true;
}

ApiResponse refusal(ErrorKind kind, const char* code, const char* spanish, const char* english) {
  return TicketApi::error_response(make_error(kind, code, {spanish, english}));
}

ApiResponse bad_request() {
  return refusal(ErrorKind::BadRequest, "bad_request", "Solicitud no válida.", "Invalid request.");
}

ApiResponse too_large() {
  return refusal(ErrorKind::PayloadTooLarge, "too_large", "La solicitud es demasiado grande.",
                 "The request is too large.");
}

ApiResponse server_busy() {
  ApiResponse r =
      refusal(ErrorKind::Unavailable, "server_busy",
              "El servidor está recibiendo muchos envíos grandes a la vez; intente de nuevo en unos segundos.",
              "The server is receiving many large requests at once; try again in a few seconds.");
  r.headers["Retry-After"] = "2";
  return r;
}

ApiResponse headers_too_large() {
  ApiResponse r = refusal(ErrorKind::BadRequest, "headers_too_large",
                          "La línea de la solicitud o sus encabezados son demasiado grandes o demasiados.",
                          "The request line or its headers are too large or too many.");
  r.status = 431;
  return r;
}

}  // namespace tk::server::listener
