#include <gtest/gtest.h>

#include <fstream>

#include "temp_dir.h"
#include "server_config.h"
#include "tk/file_path.h"
#include "tk/config.h"

namespace tk {

TEST(Config, ReadsKeysOverTheDefaults) {
  test::TempDir dir;
  std::ofstream(utf8_path(dir.file("server.conf")))
      << "# comentario\nlisten = 0.0.0.0:9000\n[sla]\npriority1_hours = 2\n"
         "security_soc_minutes = 90\n";
  ServerConfig c;
  ASSERT_TRUE(load_server_config(dir.file("server.conf"), c).ok());
  EXPECT_EQ(c.listen, "0.0.0.0:9000");
  EXPECT_EQ(c.service_levels.priority_seconds[0], 2 * 3600);
  EXPECT_EQ(c.service_levels.security_soc_seconds, 90 * 60);
  EXPECT_EQ(c.service_levels.security_onsite_seconds, 4 * 3600);  // untouched default
}

TEST(Config, UnknownKeysAndMissingFilesAreErrors) {
  test::TempDir dir;
  std::ofstream(utf8_path(dir.file("bad.conf"))) << "lisen = 1\n";
  ServerConfig c;
  EXPECT_FALSE(load_server_config(dir.file("bad.conf"), c).ok());
  EXPECT_FALSE(load_server_config(dir.file("none.conf"), c).ok());
}

TEST(Config, ParsesHostAndPort) {
  auto hp = parse_host_port("127.0.0.1:8080");
  ASSERT_TRUE(hp.ok());
  EXPECT_EQ(hp->host, "127.0.0.1");
  EXPECT_EQ(hp->port, 8080);
  EXPECT_FALSE(parse_host_port("127.0.0.1").ok());
  EXPECT_FALSE(parse_host_port("127.0.0.1:80x").ok());
  EXPECT_FALSE(parse_host_port("127.0.0.1:70000").ok());
}

}  // namespace tk
