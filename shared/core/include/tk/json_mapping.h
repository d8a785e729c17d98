// JSON forms of the domain (docs/design.md section 4 field names). Parsing is strict: the body
// must be valid UTF-8 and well-formed JSON (400), with known fields of the right types (422).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "tk/catalog.h"
#include "tk/domain.h"
#include "tk/error.h"
#include "tk/validation.h"
#include "tk/workflow.h"

namespace tk {

using Json = nlohmann::json;

// How much of a document is read before the parse gives up. The defaults suit the
// program's own files; what arrives from a network passes kRequestJsonLimits.
struct JsonLimits {
  std::size_t max_depth = 64;
  std::size_t max_values = 1000000;
};
// A request of the API: the largest real one (a ticket with its reporter, device and five
// attachments, an article with its tags) has about a hundred values three levels deep.
inline constexpr JsonLimits kRequestJsonLimits{16, 20000};

// Parses a body into a JSON object, or says why it cannot; stops reading as soon as the
// document passes `limits` (json_too_deep, json_too_many_values), before it costs memory.
Result<Json> parse_json_object(std::string_view body, JsonLimits limits = {});

Result<NewTicket> new_ticket_from_json(const Json&);
Result<EventRequest> event_from_json(const Json&);

Json to_json(const Reporter&);
Json to_json(const Device&);
// A device as stored or as a server sent it, leniently: a missing or mistyped field is
// left empty (the strict reading of a client's request is new_ticket_from_json's).
Device device_from_json(const Json&);
// `now` decides the computed sla_breached flag.
Json to_json(const Ticket&, std::int64_t now, bool with_history = true);
// What a walk-up kiosk may show anyone holding a TK and its employee number: the state and
// the levels it went through, without contact details, the device, notes or who acted.
Json to_public_json(const Ticket&, std::int64_t now);
// A ticket's stages (docs/design.md section 9); "breached" is judged at `now`.
Json stages_to_json(const Ticket&, std::int64_t now);
std::vector<Stage> stages_from_json(const Json&);
Json to_json(const NewTicket&);
Json to_json(const EventRequest&);
Json catalog_to_json(const Catalog&);
// The message in `language` (the one the request asked for, on the server).
Json error_to_json(const Error&, Language language = Language::Spanish);

// Client side: the server's answers back into values. Unknown fields are ignored.
Result<Ticket> ticket_from_json(const Json&);
Result<Catalog> catalog_from_json(const Json&);
Error error_from_json(const Json&, ErrorKind fallback_kind);

}  // namespace tk
