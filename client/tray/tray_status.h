// What the tray icon shows, and which ticket changes deserve a desktop notification.
#pragma once

#include <optional>
#include <string>

#include "tk/client_store.h"
#include "tk/ui/text.h"

namespace tk::tray {

enum class TrayLook { Unknown, Online, Offline, Waiting, Attention };

struct TrayStatus {
  bool known = false;  // no sync has run yet
  bool online = false;
  int pending = 0;  // reports and user actions waiting to be sent
  int refused = 0;  // reports the server refused, waiting for the user
  std::int64_t last_confirmed_at = 0;
};

// Refused reports need the user first; then reports waiting; then the connection.
TrayLook look_of(const TrayStatus&);
std::string tooltip_of(const TrayStatus&, const ui::Translate&);

struct Notification {
  std::string tk;
  std::string title;
  std::string body;
  bool for_desk = false;  // about the agent's queue: a click opens "My queue", not "My tickets"
  // The ticket was just resolved: a click asks "¿Quedó resuelto?" with the rating.
  bool asks_satisfaction = false;
};

// A notification when a ticket the user already knew changed status or level; none for a
// ticket seen for the first time (the user filed it, and was told its TK then).
std::optional<Notification> notification_for(const TicketChange&, ui::Language, const ui::Translate&);
Notification sent_notification(const std::string& local_id, const Ticket&, const ui::Translate&);

}  // namespace tk::tray
