#include "tk/text.h"

#include <cctype>
#include <cstdint>
#include <stdexcept>

#include "tk/platform.h"

namespace tk {

namespace {

// The length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong forms,
// surrogates or code points past U+10FFFF), with its code point; 0 when it is not one.
int decode_utf8(const unsigned char* p, const unsigned char* end, char32_t& code_point) {
  unsigned char c = *p;
  if (c < 0x80) {
    code_point = c;
    return 1;
  }
  int extra;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    extra = 1;
  } else if (c == 0xE0) {
    extra = 2, lo = 0xA0;
  } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
    extra = 2;
  } else if (c == 0xED) {
    extra = 2, hi = 0x9F;
  } else if (c == 0xF0) {
    extra = 3, lo = 0x90;
  } else if (c >= 0xF1 && c <= 0xF3) {
    extra = 3;
  } else if (c == 0xF4) {
    extra = 3, hi = 0x8F;
  } else {
    return 0;
  }
  if (end - p <= extra) return 0;
  if (p[1] < lo || p[1] > hi) return 0;
  for (int i = 2; i <= extra; ++i)
    if (p[i] < 0x80 || p[i] > 0xBF) return 0;
  code_point = c & (0x7F >> (extra + 1));
  for (int i = 1; i <= extra; ++i) code_point = (code_point << 6) | (p[i] & 0x3F);
  return extra + 1;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  char32_t ignored;
  while (p < end) {
    int length = decode_utf8(p, end, ignored);
    if (length == 0) return false;
    p += length;
  }
  return true;
}

bool is_unsafe_to_show(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) ||                          // C0, DEL, C1 (U+009B is a one-character CSI)
         c == 0x061C || c == 0x200E || c == 0x200F ||                     // bidirectional marks
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||  // embeddings, overrides, isolates
         c == 0x2028 || c == 0x2029 ||                                    // line and paragraph separators
         c == 0x0085;                                                     // next line (also C1)
}

bool is_invisible(char32_t c) {
  return c == 0x00AD || c == 0x180E || (c >= 0x200B && c <= 0x200D) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF ||
         (c >= 0xE0000 && c <= 0xE007F);
}

namespace {
// Whether `s` is invalid UTF-8 or holds a code point `matches` says yes to.
template <typename Predicate>
bool any_code_point(std::string_view s, Predicate matches) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  char32_t c;
  while (p < end) {
    int length = decode_utf8(p, end, c);
    if (length == 0 || matches(c)) return true;
    p += length;
  }
  return false;
}
}  // namespace

bool has_invisible_characters(std::string_view s) { return any_code_point(s, is_invisible); }

bool has_unsafe_characters(std::string_view s) { return any_code_point(s, is_unsafe_to_show); }

std::string printable_text(std::string_view s, bool keep_line_breaks) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  out.reserve(s.size());
  const auto* begin = reinterpret_cast<const unsigned char*>(s.data());
  const auto* p = begin;
  const auto* end = p + s.size();
  char32_t c;
  while (p < end) {
    int length = decode_utf8(p, end, c);
    if (length == 0) {
      out += kReplacement;
      ++p;
      continue;
    }
    // Windows' line ends, kept as line ends rather than shown as a stray mark.
    if (keep_line_breaks && c == '\r' && p + 1 < end && p[1] == '\n') {
      ++p;
      continue;
    }
    bool kept_break = keep_line_breaks && (c == '\n' || c == '\t');
    if (is_unsafe_to_show(c) && !kept_break)
      out += kReplacement;
    else
      out.append(s.data() + (p - begin), static_cast<std::size_t>(length));
    p += length;
  }
  return out;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string utf8_truncate(std::string_view s, std::size_t max_code_points) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (count == max_code_points) return std::string(s.substr(0, i));
      ++count;
    }
  }
  return std::string(s);
}

std::string trim(std::string_view s) {
  const char* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

bool is_plain_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(s.front())) return false;
  for (char c : s)
    if (!alnum(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

bool is_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

namespace {
constexpr char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}
}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve(4 * ((bytes.size() + 2) / 3));
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    auto n = (std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
             (std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
             std::uint32_t{static_cast<unsigned char>(bytes[i + 2])};
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kBase64Alphabet[(n >> shift) & 0x3F]);
  }
  if (std::size_t rest = bytes.size() - i) {
    std::uint32_t n = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
    if (rest == 2) n |= std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
    out.push_back(kBase64Alphabet[(n >> 18) & 0x3F]);
    out.push_back(kBase64Alphabet[(n >> 12) & 0x3F]);
    out.push_back(rest == 2 ? kBase64Alphabet[(n >> 6) & 0x3F] : '=');
    out.push_back('=');
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() >= 2 && text[text.size() - 2] == '=') {
    if (text.back() != '=') return std::nullopt;
    ++padding;
  }
  std::string out;
  out.reserve(3 * (text.size() / 4));
  for (std::size_t i = 0; i < text.size(); i += 4) {
    std::uint32_t n = 0;
    bool last_quad = i + 4 == text.size();
    for (std::size_t j = 0; j < 4; ++j) {
      bool padding_place = last_quad && j >= 4 - padding;
      int v = padding_place ? 0 : base64_value(text[i + j]);
      if (v < 0) return std::nullopt;
      n = (n << 6) | static_cast<std::uint32_t>(v);
    }
    out.push_back(static_cast<char>(n >> 16));
    if (!(last_quad && padding == 2)) out.push_back(static_cast<char>((n >> 8) & 0xFF));
    if (!(last_quad && padding >= 1)) out.push_back(static_cast<char>(n & 0xFF));
  }
  return out;
}

std::string random_token(std::size_t n) {
  std::string text = base64_encode(platform::secure_random_bytes(n));
  for (char& c : text) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

std::string random_uuid() {
  std::string b = platform::secure_random_bytes(16);
  b[6] = static_cast<char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<char>((b[8] & 0x3F) | 0x80);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    auto c = static_cast<unsigned char>(b[i]);
    out.push_back(hex[c >> 4]);
    out.push_back(hex[c & 0xF]);
  }
  return out;
}

}  // namespace tk
