#include "output.h"

#include <ctime>
#include <iostream>
#include <map>

#include "tk/platform.h"
#include "tk/service_level.h"
#include "tk/text.h"
#include "tk/time.h"
#include "tk/ui/text.h"
#include "tkctl.h"

namespace tkctl {

namespace {

// Paint travels through the sanitiser as characters of Unicode's private use area, which
// printable_text keeps, and becomes ANSI codes (or nothing) as the line is written. Each
// mark carries eight characters drawn at random for this run: a summary or a note, written
// before tkctl started, cannot hold a mark and so cannot colour the terminal.
constexpr int kPaints = 3;
constexpr const char* kAnsi[] = {"\x1b[1m", "\x1b[31m", "\x1b[32m"};
constexpr const char* kAnsiEnd = "\x1b[0m";

// U+E000 + n, as UTF-8.
std::string private_use(unsigned n) {
  unsigned code = 0xE000 + n;
  return {static_cast<char>(0xE0 | (code >> 12)), static_cast<char>(0x80 | ((code >> 6) & 0x3F)),
          static_cast<char>(0x80 | (code & 0x3F))};
}

// The marks: kPaints starts, then the end, each the run's random prefix and its number.
const std::vector<std::string>& marks() {
  // Never freed: the streams flush their last line at exit, after statics are destroyed.
  static const auto* all = [] {
    std::string prefix, random = tk::platform::secure_random_bytes(8);
    for (unsigned char byte : random) prefix += private_use(0x100 + byte);
    auto* made = new std::vector<std::string>;
    for (unsigned i = 0; i <= kPaints; ++i) made->push_back(prefix + private_use(i));
    return made;
  }();
  return *all;
}

bool colour_wanted() {
  static const bool wanted =
      tk::platform::environment_variable("NO_COLOR").empty() && tk::platform::stdout_shows_colour();
  return wanted;
}

std::string render_paint(std::string line, bool colour) {
  if (line.find('\xEE') == std::string::npos) return line;  // no private-use character: no mark
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (auto at = line.find(from); at != std::string::npos; at = line.find(from, at + to.size()))
      line.replace(at, from.size(), to);
  };
  for (int i = 0; i < kPaints; ++i) replace_all(marks()[i], colour ? kAnsi[i] : "");
  replace_all(marks()[kPaints], colour ? kAnsiEnd : "");
  return line;
}

class PrintableLines final : public std::streambuf {
 public:
  PrintableLines(std::streambuf* out, bool colour) : out_(out), colour_(colour) {}

 private:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    line_.push_back(traits_type::to_char_type(c));
    if (c == '\n') write_line();
    return c;
  }
  std::streamsize xsputn(const char* text, std::streamsize n) override {
    for (std::streamsize i = 0; i < n; ++i) overflow(traits_type::to_int_type(text[i]));
    return n;
  }
  int sync() override {
    write_line();
    return out_->pubsync();
  }
  void write_line() {
    std::string clean = render_paint(tk::printable_text(line_, true), colour_);
    out_->sputn(clean.data(), static_cast<std::streamsize>(clean.size()));
    line_.clear();
  }

  std::streambuf* out_;
  bool colour_;
  std::string line_;
};

std::string minutes_text(std::int64_t seconds) {
  std::int64_t minutes = (seconds + 59) / 60;
  if (minutes < 60) return std::to_string(minutes) + " min";
  return std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
}

// A field change as people read it: the category's name, "Alto"-style scales stay numbers.
std::string change_text(const tk::Catalog& catalog, const tk::FieldChange& c) {
  static const std::map<std::string, const char*> names{{"type", N_("Type")},
                                                        {"category", N_("Category")},
                                                        {"impact", N_("Impact")},
                                                        {"urgency", N_("Urgency")},
                                                        {"priority", N_("Priority")},
                                                        {"group", N_("Group")},
                                                        {"assignee", N_("Assigned to")},
                                                        {"level", N_("Level")},
                                                        {"rating", N_("Rating")}};
  auto value = [&](const std::string& v) -> std::string {
    if (v.empty()) return "—";
    if (c.field == "type")
      if (auto type = tk::parse_ticket_type(v)) return tk::type_label(*type, g_language);
    if (c.field == "category") return tk::ui::category_text(catalog, v, g_language);
    if (c.field == "group") return group_text(catalog, v);
    if (c.field == "level")
      if (auto level = tk::parse_level(v)) return tk::level_label(*level, g_language);
    return v;
  };
  auto name = names.find(c.field);
  std::string label = name == names.end() ? c.field : _(name->second);
  return label + ": " + value(c.from) + " → " + value(c.to);
}

// "  Label: value" lines, the values in one column.
class Fields {
 public:
  void add(const char* label, const std::string& value) { rows_.emplace_back(_(label), value); }
  std::string text() const {
    std::size_t widest = 0;
    for (const auto& [label, value] : rows_) widest = std::max(widest, width(label));
    std::string out;
    for (const auto& [label, value] : rows_) out += "  " + padded(label + ":", widest + 2) + value + "\n";
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::string>> rows_;
};

}  // namespace

std::string when(std::int64_t seconds) {
  if (seconds == 0) return "—";
  std::tm tm = tk::local_calendar(seconds);
  char buf[32];
  std::strftime(buf, sizeof buf, g_language == tk::Language::English ? "%Y-%m-%d %H:%M" : "%d/%m/%Y %H:%M", &tm);
  return buf;
}

std::size_t width(const std::string& text) {
  // The marks take no room on screen.
  std::string shown = render_paint(text, false);
  std::size_t n = 0;
  for (unsigned char c : shown) n += (c & 0xC0) != 0x80;
  return n;
}

std::string cut(const std::string& text, std::size_t columns) {
  if (tk::utf8_length(text) <= columns) return text;
  return tk::utf8_truncate(text, columns == 0 ? 0 : columns - 1) + "…";
}

std::string padded(const std::string& text, std::size_t columns) {
  std::size_t w = width(text);
  return text + std::string(w < columns ? columns - w : 0, ' ');
}

std::string paint(const std::string& text, Paint how) {
  if (!colour_wanted()) return text;
  return marks()[static_cast<int>(how)] + text + marks()[kPaints];
}

void Table::add(std::vector<std::string> row, bool alarm) { rows_.emplace_back(std::move(row), alarm); }

std::string Table::text(std::size_t line_width) const {
  std::vector<std::size_t> widths(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i + 1 < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], width(row[i]));
  };
  measure(header_);
  for (const auto& [row, alarm] : rows_) measure(row);
  std::size_t before_last = 0;
  for (std::size_t i = 0; i + 1 < widths.size(); ++i) before_last += widths[i] + 2;
  std::size_t last = line_width > before_last + 20 ? line_width - before_last : 20;
  auto line = [&](const std::vector<std::string>& row) {
    std::string out;
    for (std::size_t i = 0; i < row.size(); ++i)
      out += i + 1 < row.size() ? padded(row[i], (i < widths.size() ? widths[i] : 0) + 2) : cut(row[i], last);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  };
  std::string out = paint(line(header_), Paint::Bold) + "\n";
  for (const auto& [row, alarm] : rows_) out += (alarm ? paint(line(row), Paint::Red) : line(row)) + "\n";
  return out;
}

std::string state_text(const tk::Ticket& t) {
  return tk::ui::status_text(t.status, t.visible_level(), t.resolution, g_language);
}

std::string group_text(const tk::Catalog& catalog, const std::string& id) {
  if (id.empty()) return "—";
  const tk::DeskGroup* group = catalog.group(id);
  return group && group->name != id ? group->name + " (" + id + ")" : id;
}

void print_ticket(const tk::Ticket& t, const tk::Catalog& catalog) {
  std::int64_t now = tk::now_seconds();
  bool late = tk::is_breached(t, now);
  std::cout << paint(t.tk, Paint::Bold) << "  " << state_text(t) << "\n";
  Fields fields;
  fields.add(N_("Type"), tk::type_label(t.type, g_language));
  fields.add(N_("Category"), tk::ui::category_text(catalog, t.category, g_language));
  fields.add(N_("Priority"), format(_("P{} (impact: {}; urgency: {})"),
                                    {std::to_string(t.priority), tk::ui::impact_text(t.impact, g_language),
                                     tk::ui::urgency_text(t.urgency, g_language)}));
  fields.add(N_("Summary"), t.summary);
  fields.add(N_("Reported by"), t.reporter.employee + (t.reporter.name.empty() ? "" : " " + t.reporter.name) +
                                    (t.reporter.phone.empty() ? "" : format(_(", phone {}"), {t.reporter.phone})));
  fields.add(N_("Channel"), tk::channel_label(t.channel, g_language));
  fields.add(N_("Group"), group_text(catalog, t.group));
  fields.add(N_("Assigned to"), t.assignee.empty() ? _("nobody") : t.assignee);
  fields.add(N_("Registered"), when(t.created_at));
  fields.add(N_("Due"), when(t.sla_due_at) + (late ? "  " + paint(_("OVERDUE"), Paint::Red) : ""));
  if (!t.vendor_ref.empty()) fields.add(N_("Vendor's case"), t.vendor_ref);
  if (!t.resolution_notes.empty()) fields.add(N_("Solution"), t.resolution_notes);
  if (!t.containment.empty()) fields.add(N_("Containment"), t.containment);
  if (t.satisfaction.rating)
    fields.add(N_("Satisfaction"), std::to_string(t.satisfaction.rating) + "/5" +
                                       (t.satisfaction.comment.empty() ? "" : "  «" + t.satisfaction.comment + "»"));
  std::cout << fields.text();
  if (!t.stages.empty()) {
    std::cout << "  " << _("Stages:") << "\n";
    for (const auto& stage : t.stages) {
      std::string outcome = tk::is_breached(stage, now) ? paint(_("BREACHED"), Paint::Red)
                            : !stage.running()          ? std::string(_("met"))
                            : stage.paused_since        ? std::string(_("paused (waiting on the user)"))
                                                        : std::string(_("running"));
      std::cout << "    " << tk::level_label(stage.level, g_language) << ", " << group_text(catalog, stage.group)
                << ": " << when(stage.started_at) << " → " << (stage.running() ? "…" : when(stage.ended_at)) << "  "
                << _("target") << " " << when(stage.due_at);
      if (stage.paused_seconds > 0) std::cout << "  " << _("paused") << " " << minutes_text(stage.paused_seconds);
      std::cout << "  " << outcome << "\n";
    }
  }
  std::cout << "  " << _("History:") << "\n";
  for (const auto& e : t.history) {
    std::cout << "    " << when(e.at) << "  " << e.by << "  " << tk::action_label(e.action, g_language);
    // The state only where it changed: a comment, a classification or an assignment keeps it.
    bool moved = e.from_known && (e.from_status != e.to_status || e.from_level != e.to_level);
    if (moved)
      std::cout << ": " << tk::ui::status_text(e.from_status, e.from_level, tk::Resolution::None, g_language) << " → "
                << tk::ui::status_text(e.to_status, e.to_level, t.resolution, g_language);
    for (const auto& c : e.changes) std::cout << "; " << change_text(catalog, c);
    if (!e.note.empty()) std::cout << "  «" << e.note << "»";
    std::cout << "\n";
  }
}

void print_for_people() {
  // Never freed: the streams flush into them at exit, after main has returned.
  std::cout.rdbuf(new PrintableLines(std::cout.rdbuf(), colour_wanted()));
  // Standard error is painted never: it is often a log.
  std::cerr.rdbuf(new PrintableLines(std::cerr.rdbuf(), false));
}

}  // namespace tkctl
