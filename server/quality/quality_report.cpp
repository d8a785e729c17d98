#include "quality/quality_report.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>

#include "tk/text.h"
#include "tk/time.h"
#include "tk/work_calendar.h"

namespace tk::server {
namespace {

Error bad_period(const char* parameter, const Bilingual& why) {
  return make_error(ErrorKind::BadRequest, "invalid_parameter", why, parameter);
}

std::int64_t local_day(std::int64_t instant, std::int64_t utc_offset) {
  std::int64_t local = instant + utc_offset;
  return local >= 0 ? local / 86400 : (local - 86399) / 86400;
}

std::string first_of_month(const std::string& day) { return day.substr(0, 8) + "01"; }

// A figure rounded for people: rates to 4 decimals (two of a percentage), hours and means to 2.
Json rounded(std::optional<double> value, int decimals) {
  if (!value) return Json();
  double scale = std::pow(10.0, decimals);
  return std::round(*value * scale) / scale;
}

std::optional<double> ratio(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

// The nearest-rank percentile (p in 0..1); reorders `values` partly (a year has a million
// of them: nth_element, not a sort).
std::optional<double> percentile(std::vector<std::int64_t>& values, double p) {
  if (values.empty()) return std::nullopt;
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
  auto at = values.begin() + static_cast<std::ptrdiff_t>(std::clamp<std::size_t>(rank, 1, values.size()) - 1);
  std::nth_element(values.begin(), at, values.end());
  return static_cast<double>(*at);
}

struct ObjectiveKind {
  const char* id;
  const char* name_es;
  const char* name_en;
  Comparison comparison;
  ObjectiveUnit unit;
};

// Every objective the report can measure. Stage ids follow the levels' names.
constexpr ObjectiveKind kObjectiveKinds[] = {
    {"stage_1", "Etapa de nivel 1 en tiempo", "Level 1 stage in time", Comparison::AtLeast, ObjectiveUnit::Rate},
    {"stage_soc", "Etapa del SOC en tiempo", "SOC stage in time", Comparison::AtLeast, ObjectiveUnit::Rate},
    {"stage_2", "Etapa en sitio (nivel 2) en tiempo", "On-site stage (level 2) in time", Comparison::AtLeast,
     ObjectiveUnit::Rate},
    {"stage_3", "Etapa de especialistas (nivel 3) en tiempo", "Specialists' stage (level 3) in time",
     Comparison::AtLeast, ObjectiveUnit::Rate},
    {"satisfaction", "Satisfacción media (1 a 5)", "Mean satisfaction (1 to 5)", Comparison::AtLeast,
     ObjectiveUnit::Score},
    {"first_contact_resolution", "Resueltos en el primer contacto", "Solved at first contact", Comparison::AtLeast,
     ObjectiveUnit::Rate},
    {"reopened", "Tickets reabiertos", "Reopened tickets", Comparison::AtMost, ObjectiveUnit::Rate},
    {"resolution_hours_median", "Mediana de horas de resolución", "Median resolution hours", Comparison::AtMost,
     ObjectiveUnit::Hours},
    {"resolution_hours_p90", "Percentil 90 de horas de resolución", "90th percentile of resolution hours",
     Comparison::AtMost, ObjectiveUnit::Hours},
    {"backlog_older_than_7_days", "Pendientes con más de 7 días", "Open longer than 7 days", Comparison::AtMost,
     ObjectiveUnit::Count},
};

const ObjectiveKind* objective_kind(const std::string& id) {
  for (const auto& kind : kObjectiveKinds)
    if (id == kind.id) return &kind;
  return nullptr;
}

const char* unit_name(ObjectiveUnit unit) {
  switch (unit) {
    case ObjectiveUnit::Rate: return "rate";
    case ObjectiveUnit::Score: return "score";
    case ObjectiveUnit::Hours: return "hours";
    case ObjectiveUnit::Count: return "count";
  }
  return "count";
}

constexpr const char* kLevels[] = {"1", "soc", "2", "3"};

std::optional<double> hours_of(std::optional<double> seconds) {
  if (!seconds) return std::nullopt;
  return *seconds / 3600.0;
}

}  // namespace

Result<QualityPeriod> quality_period(const std::string& from, const std::string& to, std::int64_t now,
                                     std::int64_t utc_offset) {
  std::string to_text = to.empty() ? format_day(local_day(now, utc_offset)) : to;
  std::string from_text = from.empty() ? first_of_month(to_text) : from;
  auto from_day = parse_day(from_text);
  if (!from_day)
    return bad_period("from", {"La fecha inicial no es válida: " + from_text + " (use AAAA-MM-DD).",
                               "The start date is not valid: " + from_text + " (use YYYY-MM-DD)."});
  auto to_day = parse_day(to_text);
  if (!to_day)
    return bad_period("to", {"La fecha final no es válida: " + to_text + " (use AAAA-MM-DD).",
                             "The end date is not valid: " + to_text + " (use YYYY-MM-DD)."});
  if (*from_day > *to_day)
    return bad_period("from", {"La fecha inicial es posterior a la final.", "The start date is after the end date."});
  if (*to_day - *from_day + 1 > kMaxReportDays)
    return bad_period("to", {"El periodo abarca más de " + std::to_string(kMaxReportDays) + " días.",
                             "The period spans more than " + std::to_string(kMaxReportDays) + " days."});
  QualityPeriod period;
  period.from = from_text;
  period.to = to_text;
  period.utc_offset = utc_offset;
  period.begin = *from_day * 86400 - utc_offset;
  period.end = (*to_day + 1) * 86400 - utc_offset;
  period.now = now;
  return period;
}

int backlog_bucket(std::int64_t age_seconds) {
  constexpr std::int64_t kDay = 86400;
  if (age_seconds < kDay) return 0;
  if (age_seconds < 3 * kDay) return 1;
  if (age_seconds < 7 * kDay) return 2;
  if (age_seconds < 30 * kDay) return 3;
  return 4;
}

std::vector<Objective> default_objectives() {
  return {{"stage_soc", 0.95},
          {"stage_2", 0.90},
          {"satisfaction", 4.5},
          {"first_contact_resolution", 0.60},
          {"reopened", 0.05}};
}

std::vector<std::string> objective_ids() {
  std::vector<std::string> ids;
  for (const auto& kind : kObjectiveKinds) ids.emplace_back(kind.id);
  return ids;
}

Result<std::optional<Objective>> parse_objective(const std::string& id, const std::string& value) {
  auto invalid = [&](const Bilingual& why) {
    return make_error(ErrorKind::Invalid, "config_invalid",
                      {"objectives." + id + ": " + why.es, "objectives." + id + ": " + why.en}, "objectives." + id);
  };
  const ObjectiveKind* kind = objective_kind(id);
  if (!kind) {
    std::string ids;
    for (const auto& known : objective_ids()) ids += (ids.empty() ? "" : ", ") + known;
    return invalid({"objetivo desconocido (se esperan " + ids + ")", "unknown objective (expected " + ids + ")"});
  }
  std::string text = trim(value);
  if (text == "off") return std::optional<Objective>{};
  bool percent = !text.empty() && text.back() == '%';
  if (percent) text = trim(text.substr(0, text.size() - 1));
  char* end = nullptr;
  double number = text.empty() ? -1 : std::strtod(text.c_str(), &end);
  bool parsed = !text.empty() && end == text.c_str() + text.size() && std::isfinite(number) && number >= 0;
  if (!parsed || (percent && kind->unit != ObjectiveUnit::Rate))
    return invalid({"valor no válido: \"" + value + "\"", "invalid value: \"" + value + "\""});
  if (percent) number /= 100.0;
  if (kind->unit == ObjectiveUnit::Rate && number > 1)
    return invalid({"una proporción va de 0 a 1 o de 0 % a 100 %, no \"" + value + "\"",
                    "a rate goes from 0 to 1 or 0 % to 100 %, not \"" + value + "\""});
  if (kind->unit == ObjectiveUnit::Score && (number < 1 || number > 5))
    return invalid(
        {"la satisfacción va de 1 a 5, no \"" + value + "\"", "satisfaction goes from 1 to 5, not \"" + value + "\""});
  return std::optional<Objective>{Objective{id, number}};
}

Json quality_report_json(const QualityPeriod& period, const QualityFigures& f,
                         const std::vector<Objective>& objectives) {
  auto counts = [](const std::map<std::string, std::int64_t, std::less<>>& m) {
    Json j = Json::object();
    for (const auto& [key, count] : m) j[key] = count;
    return j;
  };
  Json report;
  report["from"] = period.from;
  report["to"] = period.to;
  report["generated_at"] = format_rfc3339(period.now);
  report["tickets"] = {{"opened", f.opened},
                       {"closed", f.closed},
                       {"by_type", counts(f.by_type)},
                       {"by_category", counts(f.by_category)},
                       {"by_channel", counts(f.by_channel)}};

  std::map<std::string, std::optional<double>> actual;
  auto target_of = [&](const std::string& id) -> Json {
    for (const auto& o : objectives)
      if (o.id == id) return o.target;
    return Json();
  };
  Json stages = Json::array();
  for (const char* level : kLevels) {
    StageFigures s;
    if (auto it = f.stages.find(level); it != f.stages.end()) s = it->second;
    auto compliance = ratio(s.met, s.total);
    actual[std::string("stage_") + level] = compliance;
    stages.push_back({{"level", level},
                      {"total", s.total},
                      {"met", s.met},
                      {"breached", s.total - s.met},
                      {"compliance", rounded(compliance, 4)},
                      {"target", target_of(std::string("stage_") + level)}});
  }
  report["stages"] = stages;

  std::vector<std::int64_t> seconds = f.resolution_seconds;
  auto median = hours_of(percentile(seconds, 0.5));
  auto p90 = hours_of(percentile(seconds, 0.9));
  actual["resolution_hours_median"] = median;
  actual["resolution_hours_p90"] = p90;
  report["resolution_hours"] = {{"count", seconds.size()}, {"median", rounded(median, 2)}, {"p90", rounded(p90, 2)}};

  std::int64_t responses = 0, rating_sum = 0;
  Json distribution = Json::object();
  for (int i = 0; i < 5; ++i) {
    responses += f.ratings[static_cast<std::size_t>(i)];
    rating_sum += (i + 1) * f.ratings[static_cast<std::size_t>(i)];
    distribution[std::to_string(i + 1)] = f.ratings[static_cast<std::size_t>(i)];
  }
  auto mean = ratio(rating_sum, responses);
  actual["satisfaction"] = mean;
  report["satisfaction"] = {{"responses", responses}, {"mean", rounded(mean, 2)}, {"distribution", distribution}};

  auto reopened_rate = ratio(f.reopened, f.resolved);
  auto first_contact = ratio(f.first_contact_resolved, f.first_level_resolved);
  actual["reopened"] = reopened_rate;
  actual["first_contact_resolution"] = first_contact;
  report["resolved"] = f.resolved;
  report["reopened"] = f.reopened;
  report["reopened_rate"] = rounded(reopened_rate, 4);
  report["first_contact_resolution"] = rounded(first_contact, 4);
  report["first_contact_resolved"] = f.first_contact_resolved;
  report["first_level_resolved"] = f.first_level_resolved;
  report["knowledge_base"] = {{"deflections", f.deflections}, {"not_helpful", f.articles_not_helpful}};

  std::int64_t open = 0;
  for (auto count : f.backlog_by_age) open += count;
  actual["backlog_older_than_7_days"] = static_cast<double>(f.backlog_older_than_7_days);
  report["backlog"] = {{"open", open},
                       {"older_than_7_days", f.backlog_older_than_7_days},
                       {"by_age",
                        {{"under_1_day", f.backlog_by_age[0]},
                         {"1_to_3_days", f.backlog_by_age[1]},
                         {"3_to_7_days", f.backlog_by_age[2]},
                         {"7_to_30_days", f.backlog_by_age[3]},
                         {"over_30_days", f.backlog_by_age[4]}}}};

  Json days = Json::array();
  auto first_day = parse_day(period.from).value_or(0);
  for (int i = 0; i < period.days(); ++i) {
    DayFigures d;
    if (static_cast<std::size_t>(i) < f.by_day.size()) d = f.by_day[static_cast<std::size_t>(i)];
    days.push_back({{"date", format_day(first_day + i)},
                    {"opened", d.opened},
                    {"closed", d.closed},
                    {"ratings", d.ratings},
                    {"rating_mean", rounded(ratio(d.rating_sum, d.ratings), 2)}});
  }
  report["by_day"] = days;

  Json goals = Json::array();
  for (const auto& o : objectives) {
    const ObjectiveKind* kind = objective_kind(o.id);
    if (!kind) continue;
    auto value = actual[o.id];
    Json met;
    if (value) {
      // Compared as shown: 94.996 % shows as 95.00 % and is met.
      double shown = rounded(value, 4).get<double>();
      met = kind->comparison == Comparison::AtLeast ? shown >= o.target : shown <= o.target;
    }
    goals.push_back({{"id", o.id},
                     {"name", kind->name_es},
                     {"name_en", kind->name_en},
                     {"comparison", kind->comparison == Comparison::AtLeast ? ">=" : "<="},
                     {"unit", unit_name(kind->unit)},
                     {"target", o.target},
                     {"actual", rounded(value, 4)},
                     {"met", met}});
  }
  report["objectives"] = goals;
  return report;
}

}  // namespace tk::server
