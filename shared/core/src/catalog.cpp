#include "tk/catalog.h"

#include <algorithm>

#include "tk/json_mapping.h"

namespace tk {

bool Category::allows(TicketType t) const { return std::find(types.begin(), types.end(), t) != types.end(); }

const Category* Catalog::find(std::string_view id) const {
  for (const auto& c : categories)
    if (c.id == id) return &c;
  return nullptr;
}

Catalog default_catalog() {
  const std::vector<TicketType> everyday{TicketType::Incident, TicketType::ServiceRequest};
  const std::vector<TicketType> security{TicketType::SecurityIncident};
  return Catalog{{
      {"hardware", "Equipo de cómputo", "Hardware", everyday},
      {"software", "Programas y aplicaciones", "Software", everyday},
      {"network", "Red e internet", "Network", everyday},
      {"email", "Correo electrónico", "E-mail", everyday},
      {"printer", "Impresoras y escáneres", "Printers", everyday},
      {"account", "Cuentas, accesos y contraseñas", "Accounts and passwords", everyday},
      {"phone", "Telefonía", "Phones", everyday},
      {"other", "Otro", "Other", everyday},
      {"phishing", "Correo sospechoso (phishing)", "Phishing", security},
      {"malware", "Virus o programa malicioso", "Malware", security},
      {"unauthorized_access", "Acceso no autorizado", "Unauthorized access", security},
      {"data_leak", "Fuga de información", "Data leak", security},
  }};
}

Result<Catalog> parse_catalog(std::string_view text) {
  auto json = parse_json_object(text);
  if (!json) return json.error();
  return catalog_from_json(*json);
}

const std::vector<ScaleEntry>& impact_scale() {
  static const std::vector<ScaleEntry> scale{
      {1, "Toda mi área o más personas", "My whole area or more people"},
      {2, "Varias personas", "Several people"},
      {3, "Solo yo", "Only me"},
  };
  return scale;
}

const std::vector<ScaleEntry>& urgency_scale() {
  static const std::vector<ScaleEntry> scale{
      {1, "No puedo trabajar", "I cannot work"},
      {2, "Puedo trabajar con dificultad", "I can work with difficulty"},
      {3, "Puedo seguir trabajando", "I can keep working"},
  };
  return scale;
}

std::string status_label(Status s, Level level, Resolution r) {
  switch (s) {
    case Status::Registered: return "Registrado";
    case Status::InProgress:
      if (level == Level::Soc) return "En atención (SOC)";
      if (level == Level::Second) return "En atención en sitio (segundo nivel)";
      if (level == Level::Third) return "En atención especializada (tercer nivel)";
      return "En atención (primer nivel)";
    case Status::PendingUser: return "En espera de su respuesta";
    case Status::Vendor: return "Escalado con el fabricante";
    case Status::Resolved: return "Resuelto";
    case Status::Closed: return r == Resolution::NotResolved ? "Cerrado (no resuelto)" : "Cerrado (resuelto)";
  }
  return {};
}

std::string status_label_en(Status s, Level level, Resolution r) {
  switch (s) {
    case Status::Registered: return "Registered";
    case Status::InProgress:
      if (level == Level::Soc) return "In progress (SOC)";
      if (level == Level::Second) return "In progress on site (second level)";
      if (level == Level::Third) return "In progress with a specialist (third level)";
      return "In progress (first level)";
    case Status::PendingUser: return "Waiting for your answer";
    case Status::Vendor: return "Escalated to the vendor";
    case Status::Resolved: return "Resolved";
    case Status::Closed: return r == Resolution::NotResolved ? "Closed (not resolved)" : "Closed (resolved)";
  }
  return {};
}

}  // namespace tk
