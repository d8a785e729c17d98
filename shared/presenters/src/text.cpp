#include "tk/ui/text.h"

#include <algorithm>
#include <ctime>

#include "tk/service_level.h"
#include "tk/time.h"

namespace tk::ui {

std::string status_text(Status s, Level l, Resolution r, Language language) {
  return language == Language::Spanish ? status_label(s, l, r) : status_label_en(s, l, r);
}

std::string type_text(TicketType t, const Translate& tr) {
  switch (t) {
    case TicketType::Incident: return tr(N_("Fault or incident"));
    case TicketType::ServiceRequest: return tr(N_("Service request"));
    case TicketType::SecurityIncident: return tr(N_("Security incident"));
  }
  return {};
}

std::string category_text(const Catalog& catalog, const std::string& id, Language language) {
  const Category* c = catalog.find(id);
  if (!c) return id;
  const std::string& name = language == Language::Spanish ? c->name : c->name_en;
  return name.empty() ? c->name : name;
}

namespace {
std::string scale_text(const std::vector<ScaleEntry>& scale, int value, Language language) {
  for (const auto& e : scale)
    if (e.value == value) return language == Language::Spanish ? e.label : e.label_en;
  return std::to_string(value);
}
}  // namespace

std::string impact_text(int value, Language language) { return scale_text(impact_scale(), value, language); }
std::string urgency_text(int value, Language language) { return scale_text(urgency_scale(), value, language); }

std::string local_time(std::int64_t seconds) {
  if (seconds == 0) return "—";
  std::tm tm = local_calendar(seconds);
  char buf[32];
  std::strftime(buf, sizeof buf, "%d/%m/%Y %H:%M", &tm);
  return buf;
}

std::string duration_text(std::int64_t seconds, const Translate& tr) {
  if (seconds < 0) seconds = -seconds;
  std::int64_t minutes = (seconds + 59) / 60;
  std::int64_t days = minutes / (24 * 60), hours = (minutes / 60) % 24, mins = minutes % 60;
  if (days > 0) return format(tr(N_("{} d {} h")), {std::to_string(days), std::to_string(hours)});
  if (hours > 0) return format(tr(N_("{} h {} min")), {std::to_string(hours), std::to_string(mins)});
  return format(tr(N_("{} min")), {std::to_string(mins)});
}

std::string service_level_text(const Ticket& t, std::int64_t now, const Translate& tr) {
  if (t.sla_due_at == 0) return {};
  bool finished = t.status == Status::Resolved || t.status == Status::Closed;
  if (finished) return t.resolved_at > t.sla_due_at ? tr(N_("Target missed")) : tr(N_("Target met"));
  // Late or not is the core's rule (tk::is_breached): a stage waiting on the user has its
  // clock stopped, and a stage once late stays late.
  if (!t.stages.empty() && t.stages.back().paused_since != 0 && !t.stages.back().breached)
    return tr(N_("Paused: waiting on the user"));
  if (!is_breached(t, now))
    return format(tr(N_("Due in {}")), {duration_text(std::max<std::int64_t>(t.sla_due_at - now, 0), tr)});
  if (now > t.sla_due_at) return format(tr(N_("Overdue by {}")), {duration_text(now - t.sla_due_at, tr)});
  return tr(N_("Target missed"));
}

}  // namespace tk::ui
