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

const DeskGroup* Catalog::group(std::string_view id) const {
  for (const auto& g : groups)
    if (g.id == id) return &g;
  return nullptr;
}

std::string Catalog::intake_group(Level level) const {
  for (const auto& g : groups)
    if (g.level == level) return g.id;
  return {};
}

std::vector<DeskGroup> default_groups() {
  return {{"mesa", Level::First, "Mesa de servicios"},
          {"soc", Level::Soc, "Centro de operaciones de seguridad (SOC)"},
          {"sitio", Level::Second, "Soporte en sitio"},
          {"especialistas", Level::Third, "Especialistas"}};
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

namespace {
std::string pick(Language language, const char* es, const char* en) { return language == Language::English ? en : es; }
}  // namespace

const std::vector<ScaleEntry>& rating_scale() {
  static const std::vector<ScaleEntry> scale{
      {5, "Excelente", "Excellent"}, {4, "Buena", "Good"},         {3, "Regular", "Fair"},
      {2, "Mala", "Poor"},           {1, "Muy mala", "Very poor"},
  };
  return scale;
}

std::string rating_label(int rating, Language l) {
  for (const auto& e : rating_scale())
    if (e.value == rating) return std::to_string(rating) + " - " + pick(l, e.label.c_str(), e.label_en.c_str());
  return std::to_string(rating);
}

std::string role_label(Role r, Language l) {
  switch (r) {
    case Role::Employee: return pick(l, "Empleado", "Employee");
    case Role::Kiosk: return pick(l, "Quiosco", "Kiosk");
    case Role::Agent: return pick(l, "Agente", "Agent");
    case Role::Admin: return pick(l, "Administración", "Administration");
  }
  return {};
}

std::string type_label(TicketType t, Language l) {
  switch (t) {
    case TicketType::Incident: return pick(l, "Falla o incidente", "Fault or incident");
    case TicketType::ServiceRequest: return pick(l, "Solicitud de servicio", "Service request");
    case TicketType::SecurityIncident: return pick(l, "Incidente de seguridad", "Security incident");
  }
  return {};
}

std::string channel_label(Channel c, Language l) {
  switch (c) {
    case Channel::Tray: return pick(l, "Aplicación de escritorio", "Desktop application");
    case Channel::Kiosk: return pick(l, "Quiosco", "Kiosk");
    case Channel::Api: return pick(l, "Línea de órdenes o integración", "Command line or integration");
    case Channel::Desk: return pick(l, "Mesa de servicios", "Service desk");
    case Channel::Phone: return pick(l, "Teléfono", "Phone");
    case Channel::Email: return pick(l, "Correo electrónico", "E-mail");
    case Channel::InPerson: return pick(l, "En persona", "In person");
  }
  return {};
}

std::string level_label(Level v, Language l) {
  switch (v) {
    case Level::None: return "—";
    case Level::First: return pick(l, "Primer nivel", "First level");
    case Level::Soc: return "SOC";
    case Level::Second: return pick(l, "Segundo nivel (en sitio)", "Second level (on site)");
    case Level::Third: return pick(l, "Tercer nivel (especialistas)", "Third level (specialists)");
  }
  return {};
}

std::string action_label(Action a, Language l) {
  switch (a) {
    case Action::Take: return pick(l, "Tomado", "Taken");
    case Action::Escalate: return pick(l, "Escalado", "Escalated");
    case Action::Vendor: return pick(l, "Caso con el fabricante", "Vendor case");
    case Action::AskUser: return pick(l, "Pregunta al usuario", "Question to the user");
    case Action::Answer: return pick(l, "Respuesta del usuario", "User's answer");
    case Action::Resolve: return pick(l, "Resuelto", "Resolved");
    case Action::Confirm: return pick(l, "Solución confirmada", "Solution confirmed");
    case Action::Reopen: return pick(l, "Reabierto", "Reopened");
    case Action::CloseNotResolved: return pick(l, "Cerrado sin resolver", "Closed not resolved");
    case Action::Comment: return pick(l, "Comentario", "Comment");
    case Action::Classify: return pick(l, "Clasificado", "Classified");
    case Action::Assign: return pick(l, "Asignado", "Assigned");
    case Action::Rate: return pick(l, "Calificado", "Rated");
    case Action::LinkArticle: return pick(l, "Artículo vinculado", "Article linked");
    case Action::Register: return pick(l, "Registrado", "Registered");
    case Action::AutoClose: return pick(l, "Cerrado automáticamente", "Closed automatically");
  }
  return {};
}

std::string action_verb(Action a, Language l) {
  switch (a) {
    case Action::Take: return pick(l, "Tomar", "Take");
    case Action::Escalate: return pick(l, "Escalar", "Escalate");
    case Action::Vendor: return pick(l, "Registrar el caso con el fabricante", "Record the vendor's case");
    case Action::AskUser: return pick(l, "Preguntar al usuario", "Ask the user");
    case Action::Answer: return pick(l, "Responder", "Answer");
    case Action::Resolve: return pick(l, "Resolver", "Resolve");
    case Action::Confirm: return pick(l, "Confirmar la solución", "Confirm the solution");
    case Action::Reopen: return pick(l, "Reabrir", "Reopen");
    case Action::CloseNotResolved: return pick(l, "Cerrar sin resolver", "Close not resolved");
    case Action::Comment: return pick(l, "Comentar", "Comment");
    case Action::Classify: return pick(l, "Clasificar", "Classify");
    case Action::Assign: return pick(l, "Asignar", "Assign");
    case Action::Rate: return pick(l, "Calificar", "Rate");
    case Action::LinkArticle: return pick(l, "Vincular un artículo", "Link an article");
    case Action::Register: return pick(l, "Registrar", "Register");
    case Action::AutoClose: return pick(l, "Cerrar automáticamente", "Close automatically");
  }
  return {};
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
