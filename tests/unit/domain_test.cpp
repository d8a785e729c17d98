#include <gtest/gtest.h>

#include "tk/catalog.h"
#include "tk/domain.h"

namespace tk {

TEST(Priority, FollowsTheImpactUrgencyMatrix) {
  // rows: impact 1..3, columns: urgency 1..3
  const int expected[3][3] = {{1, 2, 3}, {2, 3, 4}, {3, 4, 4}};
  for (int impact = 1; impact <= 3; ++impact)
    for (int urgency = 1; urgency <= 3; ++urgency)
      EXPECT_EQ(priority_for(impact, urgency), expected[impact - 1][urgency - 1]) << impact << "x" << urgency;
}

TEST(Names, RoundTripThroughTheirWireForm) {
  for (auto t : {TicketType::Incident, TicketType::ServiceRequest, TicketType::SecurityIncident})
    EXPECT_EQ(parse_ticket_type(to_string(t)), t);
  for (auto s :
       {Status::Registered, Status::InProgress, Status::PendingUser, Status::Vendor, Status::Resolved, Status::Closed})
    EXPECT_EQ(parse_status(to_string(s)), s);
  for (auto l : {Level::None, Level::First, Level::Second, Level::Third, Level::Soc})
    EXPECT_EQ(parse_level(to_string(l)), l);
  EXPECT_EQ(to_string(Level::Soc), "soc");
  EXPECT_EQ(to_string(Level::Second), "2");
  EXPECT_FALSE(parse_ticket_type("Incident"));
  EXPECT_FALSE(parse_requested_action("register"));
  EXPECT_FALSE(parse_requested_action("auto_close"));
  EXPECT_EQ(parse_requested_action("close_not_resolved"), Action::CloseNotResolved);
}

TEST(Ticket, ShowsTheLevelOnlyWhileItIsBeingWorked) {
  Ticket t;
  t.level = Level::Second;
  t.status = Status::InProgress;
  EXPECT_EQ(t.visible_level(), Level::Second);
  t.status = Status::Resolved;
  EXPECT_EQ(t.visible_level(), Level::None);
  t.status = Status::Registered;
  EXPECT_EQ(t.visible_level(), Level::None);
}

TEST(Catalog, HasTheFixedCategoryIdsWithSpanishNames) {
  auto catalog = default_catalog();
  for (const char* id : {"hardware", "software", "network", "email", "printer", "account", "phone", "other"}) {
    auto* c = catalog.find(id);
    ASSERT_TRUE(c) << id;
    EXPECT_TRUE(c->allows(TicketType::Incident));
    EXPECT_TRUE(c->allows(TicketType::ServiceRequest));
    EXPECT_FALSE(c->allows(TicketType::SecurityIncident));
    EXPECT_FALSE(c->name.empty());
  }
  for (const char* id : {"phishing", "malware", "unauthorized_access", "data_leak"}) {
    auto* c = catalog.find(id);
    ASSERT_TRUE(c) << id;
    EXPECT_TRUE(c->allows(TicketType::SecurityIncident));
    EXPECT_FALSE(c->allows(TicketType::Incident));
  }
  EXPECT_EQ(catalog.find("printer")->name, "Impresoras y escáneres");
}

TEST(StatusLabels, ReadAsTheDesignTableSays) {
  EXPECT_EQ(status_label(Status::Registered, Level::None, Resolution::None), "Registrado");
  EXPECT_EQ(status_label(Status::InProgress, Level::First, Resolution::None), "En atención (primer nivel)");
  EXPECT_EQ(status_label(Status::InProgress, Level::Soc, Resolution::None), "En atención (SOC)");
  EXPECT_EQ(status_label(Status::InProgress, Level::Second, Resolution::None), "En atención en sitio (segundo nivel)");
  EXPECT_EQ(status_label(Status::InProgress, Level::Third, Resolution::None),
            "En atención especializada (tercer nivel)");
  EXPECT_EQ(status_label(Status::PendingUser, Level::Second, Resolution::None), "En espera de su respuesta");
  EXPECT_EQ(status_label(Status::Vendor, Level::Third, Resolution::None), "Escalado con el fabricante");
  EXPECT_EQ(status_label(Status::Resolved, Level::None, Resolution::None), "Resuelto");
  EXPECT_EQ(status_label(Status::Closed, Level::None, Resolution::Resolved), "Cerrado (resuelto)");
  EXPECT_EQ(status_label(Status::Closed, Level::None, Resolution::NotResolved), "Cerrado (no resuelto)");
}

TEST(Tk, FormatAndShape) {
  EXPECT_EQ(format_tk(2026, 123), "TK-2026-000123");
  EXPECT_EQ(format_tk(2026, 1234567), "TK-2026-1234567");
  EXPECT_EQ(tk_year_prefix(2027), "TK-2027-");
  EXPECT_TRUE(is_well_formed_tk("TK-2026-000123"));
  EXPECT_TRUE(is_well_formed_tk(format_tk(2026, 1234567)));
  EXPECT_FALSE(is_well_formed_tk("TK-2026-00012"));
  EXPECT_FALSE(is_well_formed_tk("TK-26-0000123"));
  EXPECT_FALSE(is_well_formed_tk("L-2026-000123"));
  EXPECT_FALSE(is_well_formed_tk("TK-2026-00012a"));
}

TEST(Tk, WhatAPersonTypesBecomesTheOneForm) {
  for (const char* typed : {"TK-2026-000123", "2026-123", "2026 000123", "2026000123", "tk 2026/123"})
    EXPECT_EQ(tk_from_typed(typed), std::optional<std::string>("TK-2026-000123")) << typed;
  EXPECT_EQ(tk_from_typed("2026-1234567"), std::optional<std::string>("TK-2026-1234567"));
  EXPECT_FALSE(tk_from_typed("2026"));
  EXPECT_FALSE(tk_from_typed("ninguno"));
  EXPECT_FALSE(tk_from_typed("2026-12345678901")) << "no year has that many tickets";
}

TEST(DefaultImpactUrgency, OneRuleGivesEachTypeItsPriority) {
  auto priority = [](TicketType t) {
    auto d = default_impact_urgency(t);
    return priority_for(d.impact, d.urgency);
  };
  EXPECT_EQ(priority(TicketType::SecurityIncident), 2);
  EXPECT_EQ(priority(TicketType::Incident), 4);
  EXPECT_EQ(priority(TicketType::ServiceRequest), 4);
}

}  // namespace tk
