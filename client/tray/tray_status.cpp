#include "tray_status.h"

namespace tk::tray {

TrayLook look_of(const TrayStatus& s) {
  if (s.refused > 0) return TrayLook::Attention;
  if (s.pending > 0) return TrayLook::Waiting;
  if (!s.known) return TrayLook::Unknown;
  return s.online ? TrayLook::Online : TrayLook::Offline;
}

std::string tooltip_of(const TrayStatus& s, const ui::Translate& tr) {
  std::string text = tr(N_("Service desk"));
  if (!s.known)
    text += "\n" + tr(N_("Connecting..."));
  else if (s.online)
    text += "\n" + tr(N_("Connected"));
  else
    text += "\n" + tr(N_("No connection: your reports are kept and sent later"));
  // Reports and the user's answers, comments and ratings alike: all wait in one outbox.
  if (s.pending > 0) text += "\n" + ui::format(tr(N_("Waiting to be sent: {}")), {std::to_string(s.pending)});
  if (s.refused > 0) text += "\n" + ui::format(tr(N_("Reports to correct: {}")), {std::to_string(s.refused)});
  if (s.last_confirmed_at) text += "\n" + ui::format(tr(N_("Updated: {}")), {ui::local_time(s.last_confirmed_at)});
  return text;
}

std::optional<Notification> notification_for(const TicketChange& c, ui::Language language, const ui::Translate& tr) {
  if (!c.previous_status) return std::nullopt;
  const Ticket& t = c.ticket;
  bool moved = *c.previous_status != t.status || c.previous_level.value_or(Level::None) != t.visible_level();
  std::string status = ui::status_text(t.status, t.visible_level(), t.resolution, language);
  Notification n;
  n.tk = t.tk;
  if (moved) {
    n.title = ui::format(tr(N_("{}: {}")), {t.tk, status});
  } else {
    n.title = ui::format(tr(N_("{}: new comment")), {t.tk});
  }
  n.body = t.summary;
  if (!t.history.empty() && !t.history.back().note.empty()) n.body += "\n«" + t.history.back().note + "»";
  if (t.status == Status::PendingUser) n.body += "\n" + tr(N_("The service desk needs your answer."));
  if (t.status == Status::Resolved) {
    n.body += "\n" + tr(N_("Please confirm whether it is solved."));
    n.asks_satisfaction = moved;
  }
  return n;
}

Notification sent_notification(const std::string& local_id, const Ticket& t, const ui::Translate& tr) {
  return Notification{t.tk, ui::format(tr(N_("Your report was sent: {}")), {t.tk}),
                      ui::format(tr(N_("{} (saved as {})")), {t.summary, local_id})};
}

}  // namespace tk::tray
