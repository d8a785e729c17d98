#include <gtest/gtest.h>

#include "tk/json_mapping.h"
#include "tk/text.h"

namespace tk {

TEST(JsonParsing, SaysWhyABodyIsRefused) {
  EXPECT_EQ(parse_json_object("{\"a\": \"\xC3\x28\"}").error().code, "invalid_utf8");
  EXPECT_EQ(parse_json_object("{\"a\": ").error().code, "malformed_json");
  EXPECT_EQ(parse_json_object("[1,2]").error().kind, ErrorKind::BadRequest);
  EXPECT_TRUE(parse_json_object("{}").ok());
}

TEST(JsonParsing, NewTicketNeedsItsFieldsWithTheirTypes) {
  auto missing = new_ticket_from_json(Json{{"type", "incident"}, {"category", "printer"}, {"summary", "x"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "description");
  EXPECT_EQ(missing.error().kind, ErrorKind::Invalid);

  Json body{{"type", "incident"}, {"category", "printer"}, {"summary", "x"}, {"description", "y"}};
  auto unknown = body;
  unknown["priority"] = 1;
  EXPECT_EQ(new_ticket_from_json(unknown).error().code, "unknown_field");
  EXPECT_EQ(new_ticket_from_json(unknown).error().field, "priority");

  auto wrong = body;
  wrong["impact"] = "2";
  EXPECT_EQ(new_ticket_from_json(wrong).error().field, "impact");

  auto nested = body;
  nested["reporter"] = Json{{"employee", 1002}};
  EXPECT_EQ(new_ticket_from_json(nested).error().field, "reporter.employee");

  auto bad_type = body;
  bad_type["type"] = "complaint";
  EXPECT_EQ(new_ticket_from_json(bad_type).error().field, "type");
}

TEST(JsonParsing, AttachmentsAreDecodedFromBase64) {
  Json body{{"type", "incident"},
            {"category", "printer"},
            {"summary", "x"},
            {"description", "y"},
            {"attachments",
             Json::array(
                 {Json{{"name", "c.png"}, {"content_type", "image/png"}, {"data_base64", base64_encode("\x89PNG")}}})}};
  auto t = new_ticket_from_json(body);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->attachments.size(), 1u);
  EXPECT_EQ(t->attachments[0].data, "\x89PNG");
  body["attachments"][0]["data_base64"] = "***";
  EXPECT_EQ(new_ticket_from_json(body).error().code, "invalid_base64");
}

TEST(JsonMapping, TicketHasTheFixedFieldsAndTypes) {
  Ticket t;
  t.tk = "TK-2026-000123";
  t.status = Status::InProgress;
  t.level = Level::Soc;
  t.reporter.employee = "1002";
  t.priority = 2;
  t.created_at = t.updated_at = t.sla_due_at = 1'800'000'000;
  HistoryEvent registered;
  registered.at = t.created_at;
  registered.by = "employee:1002";
  t.history.push_back(registered);
  Json j = to_json(t, t.created_at);
  for (const char* field : {"tk", "type", "category", "summary", "description", "priority", "status", "level",
                            "resolution", "reporter", "channel", "created_at", "updated_at", "sla_due_at", "history"})
    EXPECT_TRUE(j.contains(field)) << field;
  EXPECT_EQ(j["level"], "soc");
  EXPECT_TRUE(j["resolution"].is_null());
  EXPECT_TRUE(j["priority"].is_number_integer());
  EXPECT_EQ(j["reporter"]["employee"], "1002");
  EXPECT_EQ(j["created_at"], "2027-01-15T08:00:00Z");
  EXPECT_TRUE(j["history"][0]["from"].is_null());
  EXPECT_EQ(j["history"][0]["action"], "register");

  auto back = ticket_from_json(j);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->tk, t.tk);
  EXPECT_EQ(back->level, Level::Soc);
  EXPECT_EQ(back->created_at, t.created_at);
  EXPECT_EQ(back->history.size(), 1u);
}

TEST(JsonMapping, CatalogRoundTrips) {
  Json j = catalog_to_json(default_catalog());
  EXPECT_EQ(j["types"].size(), 3u);
  EXPECT_EQ(j["impact"].size(), 3u);
  EXPECT_FALSE(j["statuses"].empty());
  auto back = catalog_from_json(j);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->categories.size(), default_catalog().categories.size());
  EXPECT_TRUE(back->find("data_leak")->allows(TicketType::SecurityIncident));
}

TEST(JsonMapping, EventRequestsAreTrimmedAndChecked) {
  auto e = event_from_json(Json{{"action", "resolve"}, {"note", "  cambio de tóner  "}});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->note, "cambio de tóner");
  EXPECT_EQ(event_from_json(Json{{"action", "register"}}).error().field, "action");
  EXPECT_EQ(event_from_json(Json{{"note", "x"}}).error().field, "action");
  EXPECT_EQ(event_from_json(Json{{"action", "take"}, {"who", "x"}}).error().code, "unknown_field");
}

TEST(JsonParsing, StopsReadingPastItsDepthOrItsNumberOfValues) {
  // Issue 25: ten million "[" were ten million arrays before anything said no.
  std::string deep = "{\"a\":" + std::string(17, '[') + std::string(17, ']') + "}";
  EXPECT_EQ(parse_json_object(deep, kRequestJsonLimits).error().code, "json_too_deep");
  EXPECT_EQ(parse_json_object(std::string(10'000'000, '['), kRequestJsonLimits).error().code, "json_too_deep");
  std::string nested_objects;
  for (int i = 0; i < 100000; ++i) nested_objects += "{\"\":";
  EXPECT_EQ(parse_json_object(nested_objects, kRequestJsonLimits).error().code, "json_too_deep");
  EXPECT_TRUE(parse_json_object("{\"a\":" + std::string(15, '[') + std::string(15, ']') + "}", kRequestJsonLimits).ok())
      << "sixteen levels, the object's included, are allowed";

  std::string many = "{\"a\":[";
  for (int i = 0; i < 20000; ++i) many += "{},";
  many += "{}]}";
  EXPECT_EQ(parse_json_object(many, kRequestJsonLimits).error().code, "json_too_many_values");
  EXPECT_TRUE(parse_json_object(many).ok()) << "the program's own files get the roomier default";

  // What the limits do not change: names twice, trailing junk, the error's kind.
  EXPECT_EQ(parse_json_object("{\"a\":1,\"b\":{\"a\":2,\"a\":3}}", kRequestJsonLimits).error().code, "duplicate_key");
  EXPECT_EQ(parse_json_object("{\"a\":1} x", kRequestJsonLimits).error().code, "malformed_json");
  EXPECT_EQ(parse_json_object(deep, kRequestJsonLimits).error().kind, ErrorKind::BadRequest);
}

}  // namespace tk
