#include "tk/validation.h"

#include "tk/text.h"

namespace tk {
namespace {

Outcome check_text(const std::string& value, std::string_view field, std::size_t max, bool required,
                   bool single_line = true) {
  std::string f(field);
  if (!is_valid_utf8(value))
    return make_error(ErrorKind::BadRequest, "invalid_utf8", N_("The text is not valid UTF-8."), f);
  if (required && trim(value).empty()) return make_error(ErrorKind::Invalid, "required", N_("This is required."), f);
  if (utf8_length(value) > max)
    return make_error(ErrorKind::Invalid, "too_long",
                      {"El texto excede " + std::to_string(max) + " caracteres.",
                       "The text is longer than " + std::to_string(max) + " characters."},
                      f);
  if (single_line && value.find_first_of("\r\n") != std::string::npos)
    return make_error(ErrorKind::Invalid, "single_line", N_("This must be a single line."), f);
  for (unsigned char c : value)
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
      return make_error(ErrorKind::Invalid, "control_character", N_("The text contains control characters."), f);
  return Done{};
}

#define TK_CHECK(expr)                 \
  do {                                 \
    if (auto r = (expr); !r) return r; \
  } while (false)

}  // namespace

Outcome validate_new_ticket(const NewTicket& t, const Catalog& catalog) {
  const Category* category = catalog.find(t.category);
  if (!category)
    return make_error(ErrorKind::Invalid, "unknown_category", N_("The category is not in the catalog."), "category");
  if (!category->allows(t.type))
    return make_error(ErrorKind::Invalid, "category_not_for_type", N_("The category does not fit the type of report."),
                      "category");
  TK_CHECK(check_text(t.summary, "summary", Limits::summary, true));
  TK_CHECK(check_text(t.description, "description", Limits::description, true, false));
  if (t.impact < 1 || t.impact > 3)
    return make_error(ErrorKind::Invalid, "out_of_range", N_("Impact goes from 1 (high) to 3 (low)."), "impact");
  if (t.urgency < 1 || t.urgency > 3)
    return make_error(ErrorKind::Invalid, "out_of_range", N_("Urgency goes from 1 (high) to 3 (low)."), "urgency");
  if (!is_digits(t.reporter.employee) || t.reporter.employee.size() > Limits::employee)
    return make_error(ErrorKind::Invalid, "invalid_employee", N_("The employee number must be digits only."),
                      "reporter.employee");
  TK_CHECK(check_text(t.reporter.name, "reporter.name", Limits::name, false));
  TK_CHECK(check_text(t.reporter.email, "reporter.email", Limits::email, false));
  if (!t.reporter.email.empty()) {
    auto at = t.reporter.email.find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= t.reporter.email.size() ||
        t.reporter.email.find(' ') != std::string::npos)
      return make_error(ErrorKind::Invalid, "invalid_email", N_("The e-mail address is not valid."), "reporter.email");
  }
  TK_CHECK(check_text(t.reporter.phone, "reporter.phone", Limits::phone, false));
  TK_CHECK(check_text(t.reporter.location, "reporter.location", Limits::location, false));
  TK_CHECK(check_text(t.device.hostname, "device.hostname", Limits::device_field, false));
  TK_CHECK(check_text(t.device.os, "device.os", Limits::device_field, false));
  TK_CHECK(check_text(t.device.os_version, "device.os_version", Limits::device_field, false));
  TK_CHECK(check_text(t.device.user, "device.user", Limits::device_field, false));
  if (t.device.ip_addresses.size() > 32)
    return make_error(ErrorKind::Invalid, "too_many", N_("Too many IP addresses."), "device.ip_addresses");
  for (const auto& ip : t.device.ip_addresses) TK_CHECK(check_text(ip, "device.ip_addresses", 64, true));
  if (t.attachments.size() > Limits::attachments)
    return make_error(ErrorKind::Invalid, "too_many",
                      {"Se permiten hasta " + std::to_string(Limits::attachments) + " adjuntos.",
                       "At most " + std::to_string(Limits::attachments) + " attachments are allowed."},
                      "attachments");
  for (const auto& a : t.attachments) {
    TK_CHECK(check_text(a.name, "attachments.name", Limits::attachment_name, true));
    // "." and ".." name folders, not files: saved as they are, they point above the folder.
    if (a.name.find_first_of("/\\") != std::string::npos || a.name == "." || a.name == "..")
      return make_error(ErrorKind::Invalid, "invalid_name", N_("An attachment's name cannot contain folders."),
                        "attachments.name");
    TK_CHECK(check_text(a.content_type, "attachments.content_type", 100, true));
    if (a.content_type.find('/') == std::string::npos)
      return make_error(ErrorKind::Invalid, "invalid_content_type", N_("The content type is not valid."),
                        "attachments.content_type");
  }
  return Done{};
}

Outcome validate_event(const EventRequest& e) {
  TK_CHECK(check_text(e.note, "note", Limits::note, false, false));
  TK_CHECK(check_text(e.vendor_ref, "vendor_ref", 200, false));
  TK_CHECK(check_text(e.containment, "containment", Limits::note, false, false));
  TK_CHECK(check_text(e.category, "category", 64, false));
  TK_CHECK(check_text(e.comment, "comment", 2000, false, false));
  for (auto [value, field] : {std::pair{&e.group, "group"}, std::pair{&e.assignee, "assignee"}})
    if (!value->empty() && !is_plain_id(*value))
      return make_error(ErrorKind::Invalid, "invalid_id",
                        {std::string("El campo ") + field + " admite solo a-z, 0-9, '.', '_' y '-'.",
                         std::string("The field ") + field + " takes only a-z, 0-9, '.', '_' and '-'."},
                        field);
  return Done{};
}

}  // namespace tk
