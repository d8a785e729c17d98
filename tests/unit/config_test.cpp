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

TEST(Config, NumbersThatAreNotNumbersAreErrorsNamingTheKey) {
  test::TempDir dir;
  std::ofstream(utf8_path(dir.file("bad.conf"))) << "[sla]\npriority1_hours = 4h\n";
  ServerConfig c;
  auto outcome = load_server_config(dir.file("bad.conf"), c);
  ASSERT_FALSE(outcome.ok());
  EXPECT_NE(outcome.error().message.find("sla.priority1_hours"), std::string::npos) << outcome.error().message;
}

// One dialect for every settings file: the server's, tray.ini, kiosk.ini (the README's
// own examples, with comments after the values) and the Windows installer's kiosk.ini.
TEST(Config, OneDialectForEveryFile) {
  test::TempDir dir;
  std::ofstream(utf8_path(dir.file("kiosk.ini"))) << "\xEF\xBB\xBF# the kiosk\n"
                                                     "server = https://mesa.energia.gob.mx   # the desk's server\n"
                                                     "primary_colour = #0f4c81\n"
                                                     "accent_colour = #b38e5d  # gold\n"
                                                     "location = Edificio B #3\n"
                                                     "; an ini comment\n"
                                                     "[kiosk]\n"
                                                     "token=tk_abc\n"
                                                     "[branding]\n"
                                                     "institution = Secretaría de Energía\n";
  auto values = read_key_values(dir.file("kiosk.ini"), "kiosk");
  EXPECT_EQ(values["server"], "https://mesa.energia.gob.mx");
  EXPECT_EQ(values["primary_colour"], "#0f4c81");
  EXPECT_EQ(values["accent_colour"], "#b38e5d");
  EXPECT_EQ(values["location"], "Edificio B #3");
  EXPECT_EQ(values["token"], "tk_abc") << "the file's own section keeps its names";
  EXPECT_EQ(values["branding.institution"], "Secretaría de Energía");
  EXPECT_EQ(values.count("# the kiosk"), 0u);

  std::ofstream(utf8_path(dir.file("server.conf")))
      << "listen = 0.0.0.0:9000  # every interface\ncatalog_file =              # JSON {\"categories\"}\n";
  ServerConfig c;
  ASSERT_TRUE(load_server_config(dir.file("server.conf"), c).ok());
  EXPECT_EQ(c.listen, "0.0.0.0:9000");
  EXPECT_EQ(c.catalog_file, "") << "a comment after an empty value";
}

TEST(Config, WhatAPersonTypedComesBackAsTyped) {
  test::TempDir dir;
  std::map<std::string, std::string> typed{
      {"location", "Edificio B #3"}, {"name", "  \"Pepe\" Núñez \\ TI"}, {"phone", "#555"}, {"empty", ""}};
  ASSERT_TRUE(write_key_values(dir.file("tray.ini"), typed));
  EXPECT_EQ(read_key_values(dir.file("tray.ini")), typed);
}

TEST(Config, ThePackagesServerConfReadsWithItsCalendarAndGroups) {
  ServerConfig c;
  auto loaded = load_server_config(std::string(TK_SOURCE_DIR) + "/installer/linux/server.conf", c);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_FALSE(c.service_levels.calendar.is_always_open());
  // 24 December 2026 is a Thursday, the 25th a holiday: 4 working hours from Thursday
  // 16:00 (22:00 UTC) end Monday 28 December at 11:00 (17:00 UTC).
  EXPECT_EQ(c.service_levels.calendar.add(1'798'149'600, 4 * 3600), 1'798'477'200);
  ASSERT_EQ(c.groups.size(), 4u);
  EXPECT_EQ(c.groups[0].id, "mesa");
  EXPECT_EQ(c.groups[1].name, "Centro de operaciones de seguridad (SOC)");
}

TEST(Config, GroupsNeedEveryLevelAndAnIntakeWhereThereAreSeveral) {
  EXPECT_FALSE(desk_groups({{"mesa", "1"}}, {}).ok()) << "no SOC, on-site or specialists group";
  std::map<std::string, std::string> two_at_second{
      {"mesa", "1"}, {"soc", "soc"}, {"sitio", "2, Soporte en sitio"}, {"redes", "2, Redes"}, {"esp", "3"}};
  auto ambiguous = desk_groups(two_at_second, {});
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_NE(ambiguous.error().message.find("intake.2"), std::string::npos) << ambiguous.error().message;
  auto chosen = desk_groups(two_at_second, {{"2", "sitio"}});
  ASSERT_TRUE(chosen.ok());
  Catalog catalog;
  catalog.groups = *chosen;
  EXPECT_EQ(catalog.intake_group(Level::Second), "sitio");
  EXPECT_EQ(catalog.group("redes")->name, "Redes");
  EXPECT_FALSE(desk_groups({{"Mesa Uno", "1"}}, {}).ok()) << "ids are plain";
  EXPECT_FALSE(desk_groups({{"mesa", "4"}}, {}).ok());
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
