// The quality report of ISO 9001 (docs/design.md section 9): what the desk did in a period,
// measured against the objectives of the server's configuration. The store gathers raw
// figures with indexed queries (quality_store.cpp); this file turns them into rates,
// percentiles and objectives, free of SQL and HTTP, so that the rules are tested directly.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tk/error.h"
#include "tk/json_mapping.h"

namespace tk::server {

// Days are the desk's local days (the calendar's fixed UTC offset): a November report ends
// at midnight in Mexico City, not in Greenwich.
struct QualityPeriod {
  std::string from, to;             // YYYY-MM-DD, both included
  std::int64_t begin = 0, end = 0;  // [begin, end) in UTC seconds
  std::int64_t utc_offset = 0;      // local = UTC + utc_offset
  std::int64_t now = 0;
  int days() const { return static_cast<int>((end - begin) / 86400); }
  // The day of the period `instant` falls on (0 = the first).
  int day_of(std::int64_t instant) const { return static_cast<int>((instant - begin) / 86400); }
};

constexpr int kMaxReportDays = 366;

// The period of ?from=&to=: both dates valid, from <= to, at most kMaxReportDays days;
// otherwise 400 invalid_parameter naming the parameter. A missing `from` is the first day
// of the month of `to` (or of today); a missing `to` is today.
Result<QualityPeriod> quality_period(const std::string& from, const std::string& to, std::int64_t now,
                                     std::int64_t utc_offset);

struct StageFigures {
  std::int64_t total = 0;
  std::int64_t met = 0;
};

struct DayFigures {
  std::int64_t opened = 0, closed = 0, ratings = 0, rating_sum = 0;
};

// What the store counts for a period. "Resolved" tickets are those whose (last) resolution
// fell in the period, solved or not; resolution times are of the solved ones only.
struct QualityFigures {
  std::int64_t opened = 0, closed = 0;
  // Transparent comparison: the store counts rows by the text SQLite hands it.
  std::map<std::string, std::int64_t, std::less<>> by_type, by_category, by_channel;
  std::map<std::string, StageFigures, std::less<>> stages;  // by level: "1", "soc", "2", "3"
  std::vector<std::int64_t> resolution_seconds;
  std::int64_t resolved = 0;
  std::int64_t reopened = 0;  // tickets reopened in the period
  // Of the tickets solved in the period that started at level 1: how many, and how many of
  // those the first level solved alone, in their only stage.
  std::int64_t first_level_resolved = 0, first_contact_resolved = 0;
  std::array<std::int64_t, 5> ratings{};  // index 0 is a rating of 1
  // Knowledge-base articles people said solved their problem (no report needed), and not.
  std::int64_t deflections = 0, articles_not_helpful = 0;
  // Tickets open at the end of the period (or now, for a period not over), by age then.
  std::array<std::int64_t, 5> backlog_by_age{};  // <1 d, 1-3 d, 3-7 d, 7-30 d, >30 d
  std::int64_t backlog_older_than_7_days = 0;
  std::vector<DayFigures> by_day;
};

// The age bucket of a ticket opened `age_seconds` ago (backlog_by_age's index).
int backlog_bucket(std::int64_t age_seconds);

enum class Comparison { AtLeast, AtMost };
enum class ObjectiveUnit { Rate, Score, Hours, Count };

// One measurable objective: an id the configuration names, and its target.
struct Objective {
  std::string id;
  double target = 0;
};

// The objectives a server has without configuration (issue 15's examples, the directorate's
// own): SOC stage met >= 95 %, on-site >= 90 %, satisfaction >= 4.5, first-contact
// resolution >= 60 %, reopened <= 5 %.
std::vector<Objective> default_objectives();
// The ids an [objectives] section may name, for the configuration's error message.
std::vector<std::string> objective_ids();
// "95%", "95 %" and "0.95" for rates; "4.5" for a score; whole or decimal hours and counts.
// "off" removes the objective (nullopt with no error); anything else is config_invalid.
Result<std::optional<Objective>> parse_objective(const std::string& id, const std::string& value);

// The report as docs/design.md section 9 fixes it, plus what the dashboard draws (by_day, the
// backlog by age, each objective's name, comparison and unit).
Json quality_report_json(const QualityPeriod&, const QualityFigures&, const std::vector<Objective>&);

}  // namespace tk::server
