#include <gtest/gtest.h>

#include "tk/validation.h"

namespace tk {
namespace {

NewTicket good() {
  NewTicket t;
  t.type = TicketType::Incident;
  t.category = "printer";
  t.summary = "La impresora del piso 3 no imprime";
  t.description = "Desde la mañana sale la hoja en blanco.";
  t.reporter.employee = "1002";
  return t;
}

Error failure(const NewTicket& t) {
  auto r = validate_new_ticket(t, default_catalog());
  EXPECT_FALSE(r.ok());
  return r.ok() ? Error{} : r.error();
}

}  // namespace

TEST(Validation, AcceptsACompleteReport) { EXPECT_TRUE(validate_new_ticket(good(), default_catalog()).ok()); }

TEST(Validation, RequiresSummaryAndDescription) {
  auto t = good();
  t.summary = "   ";
  EXPECT_EQ(failure(t).field, "summary");
  t = good();
  t.description = "";
  EXPECT_EQ(failure(t).field, "description");
}

TEST(Validation, LimitsLengthsInCharactersNotBytes) {
  auto t = good();
  t.summary = std::string(Limits::summary, 'a');
  EXPECT_TRUE(validate_new_ticket(t, default_catalog()).ok());
  t.summary.clear();
  for (std::size_t i = 0; i < Limits::summary; ++i) t.summary += "ñ";  // two bytes each
  EXPECT_TRUE(validate_new_ticket(t, default_catalog()).ok());
  t.summary += "ñ";
  auto e = failure(t);
  EXPECT_EQ(e.code, "too_long");
  EXPECT_EQ(e.kind, ErrorKind::Invalid);
}

TEST(Validation, RefusesInvalidUtf8) {
  auto t = good();
  t.description = "texto \xC3\x28 roto";
  auto e = failure(t);
  EXPECT_EQ(e.code, "invalid_utf8");
  EXPECT_EQ(e.field, "description");
}

TEST(Validation, SummaryIsOneLine) {
  auto t = good();
  t.summary = "dos\nlíneas";
  EXPECT_EQ(failure(t).code, "single_line");
}

TEST(Validation, CategoryMustExistAndFitTheType) {
  auto t = good();
  t.category = "coffee";
  EXPECT_EQ(failure(t).code, "unknown_category");
  t.category = "phishing";
  EXPECT_EQ(failure(t).code, "category_not_for_type");
  t.type = TicketType::SecurityIncident;
  EXPECT_TRUE(validate_new_ticket(t, default_catalog()).ok());
}

TEST(Validation, ImpactAndUrgencyRunFromOneToThree) {
  auto t = good();
  t.impact = 0;
  EXPECT_EQ(failure(t).field, "impact");
  t = good();
  t.urgency = 4;
  EXPECT_EQ(failure(t).field, "urgency");
}

TEST(Validation, EmployeeNumberIsDigits) {
  auto t = good();
  t.reporter.employee = "10a2";
  EXPECT_EQ(failure(t).field, "reporter.employee");
  t.reporter.employee = "";
  EXPECT_EQ(failure(t).field, "reporter.employee");
}

TEST(Validation, EmailNeedsAnAt) {
  auto t = good();
  t.reporter.email = "ana.lopez";
  EXPECT_EQ(failure(t).field, "reporter.email");
  t.reporter.email = "ana.lopez@energia.gob.mx";
  EXPECT_TRUE(validate_new_ticket(t, default_catalog()).ok());
}

TEST(Validation, AttachmentNamesCarryNoPath) {
  auto t = good();
  t.attachments.push_back({"../../etc/passwd", "text/plain", "x"});
  EXPECT_EQ(failure(t).code, "invalid_name");
  for (const char* folder : {"..", "."}) {
    t.attachments[0].name = folder;
    EXPECT_EQ(failure(t).code, "invalid_name") << folder;
  }
  t.attachments[0].name = "..captura.png";  // dots inside a name are a name's
  EXPECT_TRUE(validate_new_ticket(t, default_catalog()).ok());
  t.attachments[0].name = "captura.png";
  t.attachments[0].content_type = "image/png";
  EXPECT_TRUE(validate_new_ticket(t, default_catalog()).ok());
}

TEST(Validation, ControlCharactersAreRefused) {
  auto t = good();
  t.reporter.name = std::string("Ana\x01");
  EXPECT_EQ(failure(t).code, "control_character");
}

}  // namespace tk
