// The service catalog: categories per ticket type, the impact and urgency scales and the
// status labels users read. The default is DESIGN.md section 3; an administrator may
// replace the categories with a JSON file (see Config::catalog_file).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tk/domain.h"
#include "tk/error.h"

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

struct Catalog {
  std::vector<Category> categories;
  const Category* find(std::string_view id) const;
};

Catalog default_catalog();
// Loads a catalog from its JSON form ({"categories": [...]}); the same shape the API serves.
Result<Catalog> parse_catalog(std::string_view json);

const std::vector<ScaleEntry>& impact_scale();
const std::vector<ScaleEntry>& urgency_scale();

// What a user reads for a state (DESIGN table), es-MX and English.
std::string status_label(Status, Level, Resolution);
std::string status_label_en(Status, Level, Resolution);

}  // namespace tk
