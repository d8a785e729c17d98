#include <gtest/gtest.h>
#ifndef _WIN32
#include <openssl/evp.h>
#endif

#include <random>
#include <set>

#include "tk/language.h"
#include "tk/text.h"
#include "tk/time.h"

namespace tk {

TEST(Utf8, AcceptsSpanishAndRejectsBrokenSequences) {
  EXPECT_TRUE(is_valid_utf8("Información, contraseña, ¿qué pasó?"));
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));   // emoji
  EXPECT_FALSE(is_valid_utf8("\xC3"));              // cut short
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xFF"));
  EXPECT_EQ(utf8_length("año"), 3u);
  EXPECT_EQ(utf8_truncate("señal", 3), "señ");
}

TEST(Base64, RoundTripsBinaryAndRejectsJunk) {
  std::string bytes("\x00\x01\xFF\x89PNG\r\n", 8);
  for (std::size_t n = 0; n <= bytes.size(); ++n) {
    auto text = base64_encode(bytes.substr(0, n));
    auto back = base64_decode(text);
    ASSERT_TRUE(back) << n;
    EXPECT_EQ(*back, bytes.substr(0, n));
  }
  EXPECT_FALSE(base64_decode("abc"));
  EXPECT_FALSE(base64_decode("ab$d"));
  EXPECT_FALSE(base64_decode("a=bc"));
  EXPECT_FALSE(base64_decode("ab=c"));
  EXPECT_FALSE(base64_decode("ab==abcd"));  // padding only at the very end
  EXPECT_FALSE(base64_decode("a==="));
  EXPECT_EQ(base64_encode("Man"), "TWFu");
  EXPECT_EQ(base64_encode("Ma"), "TWE=");
  EXPECT_EQ(base64_encode("M"), "TQ==");
}

#ifndef _WIN32
// OpenSSL is the reference the project's own SHA-256 and base64 are checked against.
std::string openssl_sha256_hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    char two[3];
    std::snprintf(two, sizeof two, "%02x", digest[i]);
    hex += two;
  }
  return hex;
}

std::string openssl_base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}
#endif

TEST(Sha256, MatchesTheStandardsVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// OpenSSL is not in the Windows build: these two run on Linux.
#ifndef _WIN32
TEST(Sha256, AgreesWithOpenSslAcrossBlockBoundaries) {
  std::mt19937 random(20261122);
  for (std::size_t n = 0; n <= 300; ++n) {
    std::string data(n, '\0');
    for (char& c : data) c = static_cast<char>(random());
    ASSERT_EQ(sha256_hex(data), openssl_sha256_hex(data)) << n << " bytes";
  }
}

TEST(Base64, AgreesWithOpenSslAndRoundTrips) {
  std::mt19937 random(7);
  for (std::size_t n = 0; n <= 200; ++n) {
    std::string data(n, '\0');
    for (char& c : data) c = static_cast<char>(random());
    auto text = base64_encode(data);
    ASSERT_EQ(text, openssl_base64(data)) << n << " bytes";
    auto back = base64_decode(text);
    ASSERT_TRUE(back) << n;
    ASSERT_EQ(*back, data) << n;
  }
}
#endif

TEST(Tokens, AreUrlSafeAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto t = random_token(32);
    EXPECT_EQ(t.find_first_of("+/="), std::string::npos);
    EXPECT_TRUE(seen.insert(t).second);
  }
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto uuid = random_uuid();
  EXPECT_EQ(uuid.size(), 36u);
  EXPECT_EQ(uuid[14], '4');
}

TEST(Time, Rfc3339RoundTrips) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
  auto t = parse_rfc3339("2026-11-22T01:26:23Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_rfc3339(*t), "2026-11-22T01:26:23Z");
  EXPECT_EQ(year_of(*t), 2026);
  EXPECT_FALSE(parse_rfc3339("2026-11-22 01:26:23"));
}

// Known instants (date -u -d ... +%s), across leap days and the year 2038 boundary, so the
// calendar arithmetic that stands in for timegm() is checked on every platform.
TEST(Time, ParsesKnownInstants) {
  EXPECT_EQ(parse_rfc3339("2026-11-22T01:26:23Z"), 1795310783);
  EXPECT_EQ(parse_rfc3339("2024-02-29T23:59:59Z"), 1709251199);
  EXPECT_EQ(parse_rfc3339("2000-03-01T00:00:00Z"), 951868800);
  EXPECT_EQ(parse_rfc3339("2038-01-19T03:14:08Z"), 2147483648);
  EXPECT_FALSE(parse_rfc3339("2026-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2026-11-22T24:00:00Z"));
}

TEST(Language, AcceptLanguageChoosesBetweenSpanishAndEnglish) {
  EXPECT_EQ(language_from_accept(""), Language::Spanish);
  EXPECT_EQ(language_from_accept("en"), Language::English);
  EXPECT_EQ(language_from_accept("en-US,en;q=0.9,es;q=0.5"), Language::English);
  EXPECT_EQ(language_from_accept("es-MX,en;q=0.5"), Language::Spanish);
  EXPECT_EQ(language_from_accept("fr-FR, en;q=0.3, es;q=0.7"), Language::Spanish) << "by quality";
  EXPECT_EQ(language_from_accept("fr, de"), Language::Spanish) << "neither: the first language";
  EXPECT_EQ(language_from_accept("eng, en-GB"), Language::English) << "'eng' is no tag of ours";
  EXPECT_EQ(language_from_accept("en;q=0"), Language::Spanish) << "q=0 means not wanted";
  EXPECT_EQ(parse_language("en_US.UTF-8"), Language::English);
  EXPECT_EQ(parse_language("C.UTF-8"), Language::Spanish);
}

TEST(PrintableText, NeutralisesWhatCouldDriveATerminalOrDisguiseText) {
  // C1's one-byte CSI, ESC, BEL, a bidi override, isolates, line and paragraph separators.
  std::string hostile = "Impresora \u009b31mROJO \x1b[2J\a \u202eexe.txt \u2066x\u2069 a\u2028b\u2029c\u0085d";
  std::string shown = printable_text(hostile);
  for (const char* raw : {"\u009b", "\x1b", "\a", "\u202e", "\u2066", "\u2069", "\u2028", "\u2029", "\u0085"})
    EXPECT_EQ(shown.find(raw), std::string::npos) << "still there: U+" << std::hex << static_cast<int>(raw[0]);
  EXPECT_NE(shown.find("ROJO"), std::string::npos);
  EXPECT_NE(shown.find("\uFFFD"), std::string::npos) << "the reader sees that something was there";
  EXPECT_TRUE(has_unsafe_characters(hostile));
  EXPECT_TRUE(has_unsafe_characters("PC\xC3"));  // invalid UTF-8
  // Spanish, arrows and quotes are text, not controls.
  std::string plain = "Núñez «revisión» → ¿sí? ñandú";
  EXPECT_EQ(printable_text(plain), plain);
  EXPECT_FALSE(has_unsafe_characters(plain));
  // Line breaks stay only where a multi-line field is printed as such.
  EXPECT_EQ(printable_text("uno\ndos\tfin"), "uno\uFFFDdos\uFFFDfin");
  EXPECT_EQ(printable_text("uno\ndos\tfin", true), "uno\ndos\tfin");
  EXPECT_EQ(printable_text("a\xff"), "a\uFFFD");
  EXPECT_EQ(printable_text("uno\r\ndos\r", true), "uno\ndos\uFFFD") << "Windows' line ends are line ends";
  // Names that would look alike in a list.
  for (const char* invisible : {"PC\u200B1", "PC\u00AD1", "PC\uFEFF1", "PC\U000E00411"})
    EXPECT_TRUE(has_invisible_characters(invisible)) << invisible;
  EXPECT_FALSE(has_invisible_characters("PC-Núñez"));
}

}  // namespace tk
