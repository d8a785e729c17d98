// The quality report (ISO 9001) over a real SQLite file: tickets of a November at a site at
// UTC-6 walked through the desk's procedures with a clock the test moves, then counted, and
// the objectives of the configuration read and judged.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>

#include "quality/quality_report.h"
#include "server_config.h"
#include "site_time.h"
#include "temp_dir.h"
#include "tk/file_path.h"
#include "services.h"
#include "storage/storage.h"

namespace tk::server {
namespace {

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kOffset = -6 * kHour;

// A local date and time at the site (tests/support/site_time.h).
std::int64_t local(int year, int month, int day, int hour, int minute = 0) {
  return test::site_time(year, month, day, hour, minute);
}

class QualityReportTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  std::atomic<std::int64_t> clock{local(2026, 10, 31, 20)};
  std::unique_ptr<Storage> store = std::make_unique<Storage>(dir.file("tk.db"));
  std::unique_ptr<Services> service = make_service();
  Identity employee = identity(Role::Employee, "1002", "Ana López");
  Identity mesa = identity(Role::Agent, "", "Luis Pérez", "lperez", "mesa");
  Identity soc = identity(Role::Agent, "", "Sofía Ortega", "sortega", "soc");
  Identity sitio = identity(Role::Agent, "", "Iván Castro", "icastro", "sitio");

  std::unique_ptr<Services> make_service() {
    ServiceOptions options;
    std::map<std::string, std::string> around_the_clock{{"utc_offset", "-06:00"}};
    for (const char* day : {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
      around_the_clock[day] = "00:00-24:00";
    auto calendar = WorkCalendar::from_config(around_the_clock);
    EXPECT_TRUE(calendar.ok());
    options.service_levels.calendar = *calendar;
    options.service_levels.priority_seconds = {30 * kHour, 30 * kHour, 30 * kHour, 30 * kHour};
    return std::make_unique<Services>(*store, options, [this] { return clock.load(); });
  }

  Identity identity(Role role, const std::string& number, const std::string& name, const std::string& login = {},
                    const std::string& group = {}) {
    Identity id;
    id.role = role;
    id.employee = number;
    id.name = name;
    id.login = login;
    id.group = group;
    return *service->access.authenticate(service->access.create_token(id));
  }

  std::string file_at(std::int64_t at, TicketType type = TicketType::Incident) {
    clock = at;
    NewTicket t;
    t.type = type;
    t.category = type == TicketType::SecurityIncident ? "phishing" : "printer";
    t.summary = "No imprime";
    t.description = "La impresora del piso 3 no imprime.";
    auto defaults = default_impact_urgency(type);
    t.impact = defaults.impact;
    t.urgency = defaults.urgency;
    auto created = service->tickets.create(employee, std::move(t), {});
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    return created.ok() ? created->ticket.tk : std::string{};
  }

  void act_at(std::int64_t at, const Identity& who, const std::string& tk, Action action, int rating = 0) {
    clock = at;
    EventRequest request(action, "nota");
    if (rating) request.rating = rating;
    auto done = service->tickets.apply(who, tk, request);
    ASSERT_TRUE(done.ok()) << to_string(action) << ": " << done.error().message;
  }

  Json november() {
    clock = local(2026, 12, 2, 12);
    auto report = service->quality.quality_report(mesa, "2026-11-01", "2026-11-30");
    EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.error().message);
    return report.ok() ? *report : Json();
  }

  static const Json& stage(const Json& report, const std::string& level) {
    for (const auto& s : report["stages"])
      if (s["level"] == level) return s;
    throw std::runtime_error("no stage " + level);
  }
  static const Json& objective(const Json& report, const std::string& id) {
    for (const auto& o : report["objectives"])
      if (o["id"] == id) return o;
    throw std::runtime_error("no objective " + id);
  }

  // A month of the desk's work, each ticket chosen for what it must count as.
  void walk_november() {
    // Opened in October, solved on 1 November, reopened and solved again on the 2nd.
    std::string reopened = file_at(local(2026, 10, 31, 20));
    act_at(local(2026, 11, 1, 9), mesa, reopened, Action::Take);
    act_at(local(2026, 11, 1, 10), mesa, reopened, Action::Resolve);
    act_at(local(2026, 11, 2, 9), employee, reopened, Action::Reopen);
    act_at(local(2026, 11, 2, 11), mesa, reopened, Action::Resolve);
    // Solved by the first level at first contact in two hours, rated 5.
    std::string first_contact = file_at(local(2026, 11, 2, 10));
    act_at(local(2026, 11, 2, 10, 30), mesa, first_contact, Action::Take);
    act_at(local(2026, 11, 2, 12), mesa, first_contact, Action::Resolve);
    act_at(local(2026, 11, 3, 9), employee, first_contact, Action::Confirm, 5);
    // Escalated on site, solved there within its stage, rated 3.
    std::string on_site = file_at(local(2026, 11, 5, 9));
    act_at(local(2026, 11, 5, 9, 30), mesa, on_site, Action::Take);
    act_at(local(2026, 11, 5, 10), mesa, on_site, Action::Escalate);
    act_at(local(2026, 11, 5, 11), sitio, on_site, Action::Take);
    act_at(local(2026, 11, 6, 9), sitio, on_site, Action::Resolve);
    act_at(local(2026, 11, 6, 10), employee, on_site, Action::Confirm, 3);
    // A security incident the SOC solved an hour after its two hours.
    std::string late_soc = file_at(local(2026, 11, 10, 8), TicketType::SecurityIncident);
    act_at(local(2026, 11, 10, 11), soc, late_soc, Action::Take);
    act_at(local(2026, 11, 10, 11), soc, late_soc, Action::Resolve);
    // A request nobody took: late since 21 November, still open at the month's end.
    file_at(local(2026, 11, 20, 9), TicketType::ServiceRequest);
    // The month's last minute, and December's first: the edges of the period.
    file_at(local(2026, 11, 30, 23, 59));
    file_at(local(2026, 12, 1, 0, 0));
    // Articles that solved a problem before a report was made (and one that did not).
    clock = local(2026, 11, 12, 10);
    ASSERT_TRUE(service->knowledge.kb_feedback(employee, 1, true, "deflection-1").ok());
    ASSERT_TRUE(service->knowledge.kb_feedback(employee, 2, false, "not-helpful-1").ok());
    clock = local(2026, 12, 1, 10);
    ASSERT_TRUE(service->knowledge.kb_feedback(employee, 1, true, "deflection-2").ok());
  }
};

}  // namespace

TEST_F(QualityReportTest, AMonthOfTheDeskCountedByTheSitesLocalDays) {
  walk_november();
  Json r = november();
  EXPECT_EQ(r["from"], "2026-11-01");
  EXPECT_EQ(r["to"], "2026-11-30");
  EXPECT_EQ(r["tickets"]["opened"], 5) << "October's and December's tickets are not November's";
  EXPECT_EQ(r["tickets"]["by_type"]["incident"], 3);
  EXPECT_EQ(r["tickets"]["by_type"]["security_incident"], 1);
  EXPECT_EQ(r["tickets"]["by_type"]["service_request"], 1);
  EXPECT_EQ(r["tickets"]["by_category"]["printer"], 4);
  EXPECT_EQ(r["tickets"]["by_category"]["phishing"], 1);
  EXPECT_EQ(r["tickets"]["closed"], 2);

  EXPECT_EQ(r["resolved"], 4);
  // Wall-clock hours from opening to the last resolution: 2, 3, 24 and 39.
  EXPECT_EQ(r["resolution_hours"]["count"], 4);
  EXPECT_DOUBLE_EQ(r["resolution_hours"]["median"].get<double>(), 3.0);
  EXPECT_DOUBLE_EQ(r["resolution_hours"]["p90"].get<double>(), 39.0);
  EXPECT_EQ(r["reopened"], 1);
  EXPECT_DOUBLE_EQ(r["reopened_rate"].get<double>(), 0.25);
  // Three solved tickets started at level 1; only one was solved in its only stage.
  EXPECT_EQ(r["first_level_resolved"], 3);
  EXPECT_EQ(r["first_contact_resolved"], 1);
  EXPECT_DOUBLE_EQ(r["first_contact_resolution"].get<double>(), 0.3333);

  EXPECT_EQ(r["knowledge_base"]["deflections"], 1) << "December's is not November's";
  EXPECT_EQ(r["knowledge_base"]["not_helpful"], 1);
  EXPECT_EQ(r["satisfaction"]["responses"], 2);
  EXPECT_DOUBLE_EQ(r["satisfaction"]["mean"].get<double>(), 4.0);
  EXPECT_EQ(r["satisfaction"]["distribution"]["5"], 1);
  EXPECT_EQ(r["satisfaction"]["distribution"]["3"], 1);
  EXPECT_EQ(r["satisfaction"]["distribution"]["1"], 0);

  // Level 1: four stages ended in time (the reopened ticket's two among them) and the
  // untaken request's, late since the 21st; the last minute's stage falls due in December.
  EXPECT_EQ(stage(r, "1")["total"], 5);
  EXPECT_EQ(stage(r, "1")["met"], 4);
  EXPECT_EQ(stage(r, "1")["breached"], 1);
  EXPECT_DOUBLE_EQ(stage(r, "1")["compliance"].get<double>(), 0.8);
  EXPECT_EQ(stage(r, "2")["total"], 1);
  EXPECT_EQ(stage(r, "2")["met"], 1);
  EXPECT_EQ(stage(r, "soc")["total"], 1);
  EXPECT_EQ(stage(r, "soc")["met"], 0);
  EXPECT_EQ(stage(r, "3")["total"], 0);
  EXPECT_TRUE(stage(r, "3")["compliance"].is_null()) << "nothing to measure is not 0 %";

  // Open at midnight of 30 November: the request (10 days old) and the last minute's ticket.
  EXPECT_EQ(r["backlog"]["open"], 2);
  EXPECT_EQ(r["backlog"]["older_than_7_days"], 1);
  EXPECT_EQ(r["backlog"]["by_age"]["under_1_day"], 1);
  EXPECT_EQ(r["backlog"]["by_age"]["7_to_30_days"], 1);

  ASSERT_EQ(r["by_day"].size(), 30u);
  EXPECT_EQ(r["by_day"][1]["date"], "2026-11-02");
  EXPECT_EQ(r["by_day"][1]["opened"], 1);
  EXPECT_EQ(r["by_day"][2]["closed"], 1);
  EXPECT_EQ(r["by_day"][2]["ratings"], 1);
  EXPECT_DOUBLE_EQ(r["by_day"][2]["rating_mean"].get<double>(), 5.0);
  EXPECT_TRUE(r["by_day"][0]["rating_mean"].is_null());
  EXPECT_EQ(r["by_day"][29]["opened"], 1) << "23:59 local on the 30th is still November";

  // The default objectives, judged.
  EXPECT_EQ(objective(r, "stage_soc")["met"], false);
  EXPECT_DOUBLE_EQ(objective(r, "stage_soc")["target"].get<double>(), 0.95);
  EXPECT_EQ(objective(r, "stage_2")["met"], true);
  EXPECT_EQ(objective(r, "satisfaction")["met"], false);
  EXPECT_DOUBLE_EQ(objective(r, "satisfaction")["actual"].get<double>(), 4.0);
  EXPECT_EQ(objective(r, "reopened")["comparison"], "<=");
  EXPECT_EQ(objective(r, "reopened")["met"], false);
  EXPECT_EQ(objective(r, "first_contact_resolution")["unit"], "rate");
}

TEST_F(QualityReportTest, ABacklogIsCountedAtTheEndOfItsPeriodNotToday) {
  walk_november();
  clock = local(2026, 12, 2, 12);
  // On 10 November the request did not exist yet; the reopened ticket was solved, the SOC's
  // incident was open since 08:00 and the on-site one was solved on the 6th.
  auto tenth = service->quality.quality_report(mesa, "2026-11-10", "2026-11-10");
  ASSERT_TRUE(tenth.ok());
  EXPECT_EQ((*tenth)["backlog"]["open"], 0) << "the SOC's incident was solved on the 10th";
  auto fifth = service->quality.quality_report(mesa, "2026-11-05", "2026-11-05");
  ASSERT_TRUE(fifth.ok());
  EXPECT_EQ((*fifth)["backlog"]["open"], 1) << "the on-site ticket, solved on the 6th";
  EXPECT_EQ((*fifth)["tickets"]["opened"], 1);
}

TEST_F(QualityReportTest, OnlyTheDeskAndManagementReadIt) {
  EXPECT_EQ(service->quality.quality_report(employee, "", "").error().code, "forbidden_role");
  auto admin = identity(Role::Admin, "", "Dirección");
  EXPECT_TRUE(service->quality.quality_report(admin, "", "").ok());
}

TEST_F(QualityReportTest, AnEmptyPeriodHasNoFiguresToJudge) {
  clock = local(2026, 12, 2, 12);
  auto r = service->quality.quality_report(mesa, "2026-10-01", "2026-10-31");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["tickets"]["opened"], 0);
  EXPECT_TRUE((*r)["satisfaction"]["mean"].is_null());
  EXPECT_TRUE((*r)["resolution_hours"]["median"].is_null());
  for (const auto& o : (*r)["objectives"]) {
    EXPECT_TRUE(o["actual"].is_null()) << o["id"];
    EXPECT_TRUE(o["met"].is_null()) << o["id"] << ": not measured is neither met nor missed";
  }
}

TEST(QualityPeriod, DatesAreCheckedAndDefaultToThisMonth) {
  const std::int64_t now = local(2026, 12, 2, 3);  // 09:00 UTC, 03:00 at the site
  auto month = quality_period("", "", now, kOffset);
  ASSERT_TRUE(month.ok());
  EXPECT_EQ(month->from, "2026-12-01");
  EXPECT_EQ(month->to, "2026-12-02");
  EXPECT_EQ(month->begin, local(2026, 12, 1, 0));
  EXPECT_EQ(month->end, local(2026, 12, 3, 0));
  EXPECT_EQ(quality_period("2026-11-31", "", now, kOffset).error().field, "from");
  EXPECT_EQ(quality_period("2026-11-01", "30/11/2026", now, kOffset).error().field, "to");
  EXPECT_EQ(quality_period("2026-12-01", "2026-11-30", now, kOffset).error().code, "invalid_parameter");
  EXPECT_TRUE(quality_period("2026-01-01", "2026-12-31", now, kOffset).ok());
  EXPECT_TRUE(quality_period("2026-01-01", "2027-01-01", now, kOffset).ok()) << "366 days";
  EXPECT_EQ(quality_period("2026-01-01", "2027-01-02", now, kOffset).error().field, "to") << "367 days";
  EXPECT_TRUE(quality_period("2024-02-29", "2024-02-29", now, kOffset).ok());
  EXPECT_FALSE(quality_period("2026-02-29", "2026-03-01", now, kOffset).ok());
}

TEST(QualityObjectives, ReadFromTheServerConfiguration) {
  test::TempDir dir;
  std::string path = dir.file("server.conf");
  // utf8_path: the temporary folder's name is not ASCII, and Windows' narrow paths are not UTF-8.
  std::ofstream(utf8_path(path)) << "[objectives]\nstage_soc = 98 %\nstage_2 = off\nsatisfaction = 4.2\n"
                                    "resolution_hours_p90 = 48\n";
  ServerConfig config;
  auto loaded_ok = load_server_config(path, config);
  ASSERT_TRUE(loaded_ok.ok()) << loaded_ok.error().message;
  std::map<std::string, double> targets;
  for (const auto& o : config.objectives) targets[o.id] = o.target;
  EXPECT_DOUBLE_EQ(targets.at("stage_soc"), 0.98);
  EXPECT_EQ(targets.count("stage_2"), 0u) << "off removes a default";
  EXPECT_DOUBLE_EQ(targets.at("satisfaction"), 4.2);
  EXPECT_DOUBLE_EQ(targets.at("resolution_hours_p90"), 48);
  EXPECT_DOUBLE_EQ(targets.at("reopened"), 0.05) << "untouched defaults stay";

  for (const char* bad :
       {"stage_soc = 150%", "satisfaction = 7", "satisfaction = 90%", "stage_9 = 90%", "reopened = mucho"}) {
    std::ofstream(utf8_path(path)) << "[objectives]\n" << bad << "\n";
    ServerConfig again;
    auto loaded = load_server_config(path, again);
    ASSERT_FALSE(loaded.ok()) << bad;
    EXPECT_NE(loaded.error().message.find("objectives."), std::string::npos) << loaded.error().message;
  }
}

}  // namespace tk::server
