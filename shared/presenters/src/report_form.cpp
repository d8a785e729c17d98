#include "tk/ui/report_form.h"
#include "tk/file_path.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tk/text.h"

namespace tk::ui {

namespace {
// Requests may be 10 MiB; attachments travel as base64 (4/3 the size) inside the JSON.
constexpr std::size_t kMaxAttachmentBytes = 7 * 1024 * 1024;
}  // namespace

ReportFormLogic::ReportFormLogic(Catalog catalog, Language language, Translate translate)
    : catalog_(std::move(catalog)), language_(language), tr_(std::move(translate)) {}

std::vector<Choice> ReportFormLogic::categories(TicketType type) const {
  std::vector<Choice> out;
  for (const auto& c : catalog_.categories)
    if (c.allows(type)) out.push_back({c.id, category_text(catalog_, c.id, language_)});
  return out;
}

std::vector<Choice> ReportFormLogic::impact_choices() const {
  std::vector<Choice> out;
  for (const auto& e : impact_scale()) out.push_back({std::to_string(e.value), impact_text(e.value, language_)});
  return out;
}

std::vector<Choice> ReportFormLogic::urgency_choices() const {
  std::vector<Choice> out;
  for (const auto& e : urgency_scale()) out.push_back({std::to_string(e.value), urgency_text(e.value, language_)});
  return out;
}

std::size_t ReportFormLogic::max_attachment_bytes() { return kMaxAttachmentBytes; }

std::string ReportFormLogic::max_attachment_text() const {
  return format(tr_(N_("Up to {} MB in all")), {std::to_string(kMaxAttachmentBytes / (1024 * 1024))});
}

NewTicket ReportFormLogic::build(const ReportForm& form, Channel channel) const {
  NewTicket t;
  t.type = form.type;
  t.category = form.category;
  t.summary = trim(form.summary);
  t.description = trim(form.description);
  t.impact = form.impact;
  t.urgency = form.urgency;
  t.reporter = form.reporter;
  t.reporter.name = trim(t.reporter.name);
  t.reporter.email = trim(t.reporter.email);
  t.reporter.phone = trim(t.reporter.phone);
  t.reporter.location = trim(t.reporter.location);
  if (form.attach_device) t.device = form.device;
  t.channel = channel;
  if (form.screenshot) t.attachments.push_back(*form.screenshot);
  if (form.file) t.attachments.push_back(*form.file);
  return t;
}

std::map<std::string, std::string> ReportFormLogic::check(const ReportForm& form) const {
  std::map<std::string, std::string> problems;
  NewTicket t = build(form, Channel::Tray);
  if (t.reporter.employee.empty()) t.reporter.employee = "0";  // filled by the server from the token
  if (t.category.empty()) problems["category"] = tr_(N_("Choose what it is about."));
  if (t.summary.empty()) problems["summary"] = tr_(N_("Say in one line what is happening."));
  if (t.description.empty()) problems["description"] = tr_(N_("Describe what happened and what you see."));
  std::size_t attached = 0;
  for (const auto& a : t.attachments) attached += a.data.size();
  if (attached > kMaxAttachmentBytes) problems["attachments"] = max_attachment_text();
  if (problems.empty()) {
    // The same rules the server applies, for what the simple checks above do not cover.
    if (auto valid = validate_new_ticket(t, catalog_); !valid) {
      const Error& e = valid.error();
      std::string message = e.message_in(language_);
      if (e.code == "too_long") message = tr_(N_("This text is too long."));
      if (e.code == "invalid_email") message = tr_(N_("This e-mail address is not valid."));
      if (e.code == "single_line") message = tr_(N_("Keep this to one line."));
      problems[e.field.empty() ? "form" : e.field] = message;
    }
  }
  return problems;
}

std::string content_type_for(const std::string& file_name) {
  std::string ext = path_to_utf8(utf8_path(file_name).extension());
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".gif") return "image/gif";
  if (ext == ".pdf") return "application/pdf";
  if (ext == ".txt" || ext == ".log") return "text/plain";
  if (ext == ".csv") return "text/csv";
  if (ext == ".docx") return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (ext == ".xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (ext == ".zip") return "application/zip";
  return "application/octet-stream";
}

Result<NewAttachment> ReportFormLogic::read_attachment(const std::string& path) const {
  std::error_code ec;
  auto size = std::filesystem::file_size(utf8_path(path), ec);
  // Already in the user's language (gettext): the same text stands for both.
  auto said = [](const std::string& text) { return Bilingual{text, text}; };
  if (ec) return make_error(ErrorKind::Invalid, "unreadable", said(tr_(N_("The file cannot be read."))), "attachments");
  if (size > kMaxAttachmentBytes)
    return make_error(ErrorKind::PayloadTooLarge, "too_large",
                      said(format(tr_(N_("The file is too big. {}.")), {max_attachment_text()})), "attachments");
  std::ifstream in(utf8_path(path), std::ios::binary);
  std::ostringstream data;
  data << in.rdbuf();
  if (!in && !in.eof())
    return make_error(ErrorKind::Invalid, "unreadable", said(tr_(N_("The file cannot be read."))), "attachments");
  std::string name = path_to_utf8(utf8_path(path).filename());
  if (!is_valid_utf8(name)) name = "adjunto" + path_to_utf8(utf8_path(path).extension());
  return NewAttachment{name, content_type_for(name), data.str()};
}

}  // namespace tk::ui
