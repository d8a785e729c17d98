// The report form without a display: its choices, its checks (field by field, so that a
// window can show each message beside its field) and the report it makes.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tk/catalog.h"
#include "tk/error.h"
#include "tk/ui/text.h"
#include "tk/validation.h"

namespace tk::ui {

struct Choice {
  std::string id;
  std::string label;
};

struct ReportForm {
  TicketType type = TicketType::Incident;
  std::string category;
  std::string summary;
  std::string description;
  int impact = 3;   // how many people are affected: 1 many .. 3 only me
  int urgency = 2;  // can you keep working: 1 no .. 3 yes
  Reporter reporter;
  Device device;
  bool attach_device = true;
  std::optional<NewAttachment> screenshot;
  std::optional<NewAttachment> file;
};

class ReportFormLogic {
 public:
  ReportFormLogic(Catalog catalog, Language language, Translate translate);

  std::vector<Choice> categories(TicketType) const;
  std::vector<Choice> impact_choices() const;
  std::vector<Choice> urgency_choices() const;
  // The largest file that can be attached, so the window can say it before one is picked.
  static std::size_t max_attachment_bytes();
  std::string max_attachment_text() const;

  // Field name -> message, empty when the form can be sent. Field names are the API's
  // ("summary", "reporter.email", "attachments", ...).
  std::map<std::string, std::string> check(const ReportForm&) const;
  NewTicket build(const ReportForm&, Channel channel) const;
  // Reads a file to attach; a clear message when it is too big or unreadable.
  Result<NewAttachment> read_attachment(const std::string& path) const;

 private:
  Catalog catalog_;
  Language language_;
  Translate tr_;
};

std::string content_type_for(const std::string& file_name);

}  // namespace tk::ui
