#include <gtest/gtest.h>

#include <set>

#include "tk/text.h"
#include "tk/time.h"

namespace tk {

TEST(Utf8, AcceptsSpanishAndRejectsBrokenSequences) {
  EXPECT_TRUE(is_valid_utf8("Información, contraseña, ¿qué pasó?"));
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));        // emoji
  EXPECT_FALSE(is_valid_utf8("\xC3"));                    // cut short
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));                // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));            // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));        // past U+10FFFF
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
}

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

}  // namespace tk
