// The service catalog: categories per ticket type, the impact and urgency scales and the
// status labels users read. The default is docs/design.md section 3; an administrator may
// replace the categories with a JSON file (see Config::catalog_file).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tk/domain.h"
#include "tk/error.h"
#include "tk/language.h"

namespace tk {

struct Category {
  std::string id;
  std::string name;  // es-MX
  std::string name_en;
  std::vector<TicketType> types;
  bool allows(TicketType t) const;
};

struct ScaleEntry {
  int value;
  std::string label;  // es-MX, in plain words
  std::string label_en;
};

// A team of the desk that works tickets at one level (docs/design.md section 9). The first group
// of a level in the list is where tickets arrive when they reach that level.
struct DeskGroup {
  std::string id;
  Level level = Level::First;
  std::string name;  // es-MX
  bool operator==(const DeskGroup& o) const { return id == o.id && level == o.level && name == o.name; }
};
// mesa (level 1), soc, sitio (level 2), especialistas (level 3).
std::vector<DeskGroup> default_groups();

struct Catalog {
  std::vector<Category> categories;
  std::vector<DeskGroup> groups = default_groups();
  const Category* find(std::string_view id) const;
  const DeskGroup* group(std::string_view id) const;
  // The group tickets arrive at when they reach `level`; empty if the level has none.
  std::string intake_group(Level) const;
};

Catalog default_catalog();
// Loads a catalog from its JSON form ({"categories": [...]}); the same shape the API serves.
Result<Catalog> parse_catalog(std::string_view json);

const std::vector<ScaleEntry>& impact_scale();
const std::vector<ScaleEntry>& urgency_scale();
// The satisfaction survey's words, 5 (best) first, as every client and the dashboard ask.
const std::vector<ScaleEntry>& rating_scale();
// "5 - Excelente": a rating as the survey offers it.
std::string rating_label(int rating, Language);
// "Agente", "Administración": whose token it is, as the dashboard's session says it.
std::string role_label(Role, Language);

// Names people read for the vocabulary's ids ("Falla o incidente", not "incident").
std::string type_label(TicketType, Language);
std::string channel_label(Channel, Language);
std::string level_label(Level, Language);
std::string action_label(Action, Language);  // as the history says it happened: "Tomado"
std::string action_verb(Action, Language);   // as a button or a refusal names it: "Tomar"

// What a user reads for a state (DESIGN table), es-MX and English.
std::string status_label(Status, Level, Resolution);
std::string status_label_en(Status, Level, Resolution);

}  // namespace tk
