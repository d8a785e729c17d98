// Text helpers used at every boundary where bytes come in from outside.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tk {

bool is_valid_utf8(std::string_view);
// Code points that must never reach a terminal or a log as they are: C0 and C1 controls
// and DEL (escape sequences, the one-byte CSI U+009B), the bidirectional controls (text
// that reads differently from what it is, U+202E) and the line and paragraph separators.
bool is_unsafe_to_show(char32_t);
// Invalid UTF-8, or any code point above.
bool has_unsafe_characters(std::string_view);
// Characters that show as nothing (zero-width spaces and joiners, the soft hyphen, the
// byte-order mark, tags): two names that differ only by them look the same in a list.
bool is_invisible(char32_t);
bool has_invisible_characters(std::string_view);
// The one sanitiser for text from outside on its way to a terminal, a log or a list:
// invalid bytes and unsafe code points become U+FFFD; `keep_line_breaks` keeps "\n" and
// "\t" for multi-line fields (a description) printed as such, "\r\n" as "\n".
std::string printable_text(std::string_view, bool keep_line_breaks = false);
// Number of Unicode code points; assumes valid UTF-8.
std::size_t utf8_length(std::string_view);
// Cuts to at most max_code_points without splitting a character; for log excerpts.
std::string utf8_truncate(std::string_view, std::size_t max_code_points);
std::string trim(std::string_view);
bool is_digits(std::string_view);
// An agent's login or a group's id: 1 to 64 of a-z, 0-9, '.', '_', '-', starting with a
// letter or digit (safe in URLs, file names and logs alike).
bool is_plain_id(std::string_view);
// A-Z to a-z, other bytes as they are (HTTP header names, URL schemes). Inline: the https
// module uses it and links nothing of the core.
inline std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string base64_encode(std::string_view bytes);
// Strict standard alphabet with padding; nullopt on any stray character.
std::optional<std::string> base64_decode(std::string_view text);

std::string sha256_hex(std::string_view);
// URL-safe random text of the given number of random bytes.
std::string random_token(std::size_t random_bytes);
// A random (version 4) UUID in its canonical text form.
std::string random_uuid();

}  // namespace tk
