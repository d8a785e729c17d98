// Server addresses as a user types them in the settings, read or refused with a reason.
#include <gtest/gtest.h>

#include "tk/http.h"

namespace tk {

TEST(ServerUrl, ReadsSchemeHostPortAndPrefix) {
  auto plain = parse_server_url("http://127.0.0.1:8080");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->tls);
  EXPECT_EQ(plain->host, "127.0.0.1");
  EXPECT_EQ(plain->port, 8080);
  EXPECT_EQ(plain->base_path, "");
  EXPECT_EQ(plain->host_header(), "127.0.0.1:8080");

  auto secure = parse_server_url("HTTPS://mesa.example.gob.mx/tk/");
  ASSERT_TRUE(secure);
  EXPECT_TRUE(secure->tls);
  EXPECT_EQ(secure->port, 443);
  EXPECT_EQ(secure->base_path, "/tk");
  EXPECT_EQ(secure->host_header(), "mesa.example.gob.mx");

  auto v6 = parse_server_url("http://[::1]:9000");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->host_header(), "[::1]:9000");
  auto v6_default_port = parse_server_url("https://[fe80::1]");
  ASSERT_TRUE(v6_default_port);
  EXPECT_EQ(v6_default_port->port, 443);
}

TEST(ServerUrl, RefusesWhatIsNotAServerAddress) {
  for (const char* text : {"", "127.0.0.1:8080", "ftp://host", "http://", "http://exa mple:80", "http://user:pw@host",
                           "http://host:", "http://host:0", "http://host:65536", "http://host:80a", "http://host/a?b=1",
                           "http://[::1", "http://[::1]x", "http://[zz]:80", "http://ho$t"}) {
    auto url = parse_server_url(text);
    ASSERT_FALSE(url) << text;
    EXPECT_EQ(url.error().code, "bad_url") << text;
    EXPECT_FALSE(url.error().message.empty());
  }
}

}  // namespace tk
