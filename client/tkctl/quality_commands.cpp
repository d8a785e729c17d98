// tkctl stats: the quality report of a period (ISO 9001 9.1, docs/design.md section 11)
// for people, as CSV for a spreadsheet, or as the server's JSON.
#include <cstdio>
#include <functional>
#include <iostream>

#include "output.h"
#include "tk/json_mapping.h"
#include "tk/ui/text.h"
#include "tkctl.h"

namespace tkctl {

namespace {

// A rate as a percentage with one decimal ("80.0 %"), or "—" when nothing was measured.
std::string percent_text(const tk::Json& rate) {
  if (!rate.is_number()) return "—";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %%", rate.get<double>() * 100.0);
  return text;
}

std::string number_text(const tk::Json& value, int decimals) {
  if (!value.is_number()) return "—";
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value.get<double>());
  return text;
}

std::string objective_value(const tk::Json& value, const std::string& unit) {
  if (unit == "rate") return percent_text(value);
  if (unit == "count") return number_text(value, 0);
  if (unit == "hours") return number_text(value, 1) + " h";
  return number_text(value, 2);
}

std::string count_of(const tk::Json& part, const tk::Json& whole) {
  return format(_("{} of {}"), {part.dump(), whole.dump()});
}

std::string quality_text(const tk::Json& r, const tk::Catalog& catalog) {
  std::string out =
      paint(format(_("Quality report from {} to {}"), {r.value("from", ""), r.value("to", "")}), Paint::Bold) + "\n\n";
  const tk::Json& tickets = r["tickets"];
  out += format(_("Tickets: {} opened, {} closed, {} resolved"),
                {tickets["opened"].dump(), tickets["closed"].dump(), r["resolved"].dump()}) +
         "\n";
  auto breakdown = [&](const char* title, const tk::Json& counts,
                       const std::function<std::string(const std::string&)>& name) {
    if (counts.empty()) return;
    out += std::string("  ") + _(title);
    bool first = true;
    for (const auto& [id, count] : counts.items()) {
      out += (first ? " " : ", ") + name(id) + " " + count.dump();
      first = false;
    }
    out += "\n";
  };
  breakdown(N_("By type:"), tickets["by_type"], [](const std::string& id) {
    auto type = tk::parse_ticket_type(id);
    return type ? tk::type_label(*type, g_language) : id;
  });
  breakdown(N_("By category:"), tickets["by_category"],
            [&](const std::string& id) { return tk::ui::category_text(catalog, id, g_language); });
  breakdown(N_("By channel:"), tickets["by_channel"], [](const std::string& id) {
    auto channel = tk::parse_channel(id);
    return channel ? tk::channel_label(*channel, g_language) : id;
  });
  Table stages({_("Stage"), _("In time"), _("Compliance")});
  for (const auto& s : r["stages"]) {
    auto level = tk::parse_level(s.value("level", ""));
    stages.add({level ? tk::level_label(*level, g_language) : s.value("level", ""), count_of(s["met"], s["total"]),
                percent_text(s["compliance"])});
  }
  out += "\n" + stages.text();
  const tk::Json& hours = r["resolution_hours"];
  std::size_t resolved = hours["count"].is_number() ? hours["count"].get<std::size_t>() : 0;
  out +=
      "\n" +
      format(_("Resolution: median {} h, p90 {} h"), {number_text(hours["median"], 1), number_text(hours["p90"], 1)}) +
      " " + format(P_("({} ticket)", "({} tickets)", resolved), {std::to_string(resolved)}) + "\n";
  const tk::Json& satisfaction = r["satisfaction"];
  std::size_t answers = satisfaction["responses"].is_number() ? satisfaction["responses"].get<std::size_t>() : 0;
  out += format(_("Satisfaction: {} of 5"), {number_text(satisfaction["mean"], 2)}) + " (" +
         format(P_("{} answer", "{} answers", answers), {std::to_string(answers)}) + ";";
  for (const auto& [rating, count] : satisfaction["distribution"].items()) out += " " + rating + ": " + count.dump();
  out += ")\n";
  out += format(_("Reopened: {} ({})"), {r["reopened"].dump(), percent_text(r["reopened_rate"])}) + "\n";
  out += format(_("Solved at first contact: {} ({})"),
                {percent_text(r["first_contact_resolution"]),
                 count_of(r["first_contact_resolved"], r["first_level_resolved"])}) +
         "\n";
  if (r.contains("knowledge_base"))
    out += format(_("Solved by the knowledge base, no report: {}"), {r["knowledge_base"]["deflections"].dump()}) + "\n";
  out += format(_("Open at the end of the period: {} ({} older than 7 days)"),
                {r["backlog"]["open"].dump(), r["backlog"]["older_than_7_days"].dump()}) +
         "\n";
  if (!r["objectives"].empty()) {
    Table objectives({_("Objective"), _("Target"), _("Actual"), _("Verdict")});
    for (const auto& o : r["objectives"]) {
      std::string unit = o.value("unit", "");
      bool judged = o["met"].is_boolean(), met = judged && o["met"].get<bool>();
      std::string verdict = !judged ? _("no data")
                            : met   ? paint(_("target met"), Paint::Green)
                                    : paint(_("TARGET NOT MET"), Paint::Red);
      std::string name = o.value(g_language == tk::Language::English ? "name_en" : "name", o.value("id", ""));
      objectives.add({name, o.value("comparison", "") + " " + objective_value(o["target"], unit),
                      objective_value(o["actual"], unit), verdict});
    }
    out += "\n" + objectives.text();
  }
  return out;
}

// One figure a line, "metric,value", the metric a path of the report's ids: a spreadsheet
// or a script reads it without knowing JSON, and a new figure adds lines, not columns.
std::string quality_csv(const tk::Json& report) {
  std::string out = "metric,value\n";
  std::function<void(const std::string&, const tk::Json&)> walk = [&](const std::string& path, const tk::Json& v) {
    if (v.is_object()) {
      for (const auto& [key, value] : v.items()) walk(path.empty() ? key : path + "." + key, value);
    } else if (v.is_array()) {
      for (const auto& item : v) {
        std::string key = item.contains("level")  ? item["level"].get<std::string>()
                          : item.contains("id")   ? item["id"].get<std::string>()
                          : item.contains("date") ? item["date"].get<std::string>()
                                                  : std::string{};
        tk::Json rest = item;
        for (const char* name : {"level", "id", "date", "name", "name_en"}) rest.erase(name);
        walk(path + "." + key, rest);
      }
    } else {
      std::string value = v.is_string() ? v.get<std::string>() : v.is_null() ? std::string{} : v.dump();
      if (value.find_first_of(",\"\n") != std::string::npos) {
        std::string quoted = "\"";
        for (char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        value = quoted + "\"";
      }
      out += path + "," + value + "\n";
    }
  };
  walk("", report);
  return out;
}

}  // namespace

int stats(Context& c) {
  c.no_operands();
  if (c.json && c.args.has("csv")) throw UsageError(_("use --json or --csv, not both"));
  auto text = c.api().quality_report(c.args.get("from"), c.args.get("to"));
  if (!text) return c.fail(text.error());
  tk::Json report = tk::Json::parse(*text);
  if (c.json)
    std::cout << report.dump() << "\n";
  else if (c.args.has("csv"))
    std::cout << quality_csv(report);
  else
    std::cout << quality_text(report, c.catalog());
  return 0;
}

}  // namespace tkctl
