// How the user interfaces say things, shared by the tray and the kiosk. No wx here: a
// Translate function (gettext's, from the window layer) turns the English message ids
// into the user's language; tests pass the identity and read English.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "tk/catalog.h"
#include "tk/domain.h"
#include "tk/language.h"
#include "tk/messages.h"

// Marks a string for extraction into the translation catalog without translating it.
#ifndef N_
#define N_(text) text
#endif

namespace tk::ui {

// The language type and its parsing live in the core (tk/language.h): the server answers
// in it too.
using tk::accept_language;
using tk::Language;
using tk::parse_language;

using Translate = std::function<std::string(const char* english)>;
inline std::string untranslated(const char* english) { return english; }

// Replaces each "{}" in order; for messages with numbers or names in them.
using tk::format;

std::string status_text(Status, Level, Resolution, Language);
std::string type_text(TicketType, const Translate&);
std::string category_text(const Catalog&, const std::string& id, Language);
std::string impact_text(int value, Language);
std::string urgency_text(int value, Language);

// "22/11/2026 14:05" in the machine's time zone; "—" for 0.
std::string local_time(std::int64_t seconds);
// "2 h 15 min", "45 min", "3 d 4 h"; for clocks and ages.
std::string duration_text(std::int64_t seconds, const Translate&);
// "Due in 2 h 15 min" / "Overdue by 10 min" / "Met" / "Missed", for the service-level clock.
std::string service_level_text(const Ticket&, std::int64_t now, const Translate&);

}  // namespace tk::ui
