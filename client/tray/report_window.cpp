#include "report_window.h"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/clipbrd.h>
#include <wx/display.h>
#include <wx/scrolwin.h>
#include <wx/settings.h>
#include <wx/filedlg.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "article_window.h"
#include "icons.h"
#include "tk/platform.h"

namespace tk::tray {
namespace {

wxString u8(const std::string& s) { return wxString::FromUTF8(s); }
std::string str(const wxString& s) { return std::string(s.utf8_str()); }

wxString title_for(ReportKind kind) {
  switch (kind) {
    case ReportKind::Fault: return _("Report a fault");
    case ReportKind::ServiceRequest: return _("Request a service");
    case ReportKind::Security: return _("Report a security incident");
  }
  return {};
}

wxStaticText* make_error(wxWindow* parent) {
  auto* label = new wxStaticText(parent, wxID_ANY, "");
  label->SetForegroundColour(wxColour(0xb3, 0x1b, 0x1b));
  label->Hide();
  return label;
}

std::string size_text(std::size_t bytes) {
  if (bytes >= 1024 * 1024) return std::to_string((bytes * 10 / (1024 * 1024)) / 10.0).substr(0, 4) + " MB";
  return std::to_string((bytes + 1023) / 1024) + " KB";
}

}  // namespace

ReportWindow::ReportWindow(TrayController& controller, ReportKind kind, std::optional<Screenshot> screenshot,
                           int number)
    : wxFrame(nullptr, wxID_ANY, title_for(kind)),
      controller_(controller),
      kind_(kind),
      number_(number),
      logic_(controller.catalog(), controller.language(), controller.translate()),
      screenshot_(std::move(screenshot)) {
  {
    wxIcon icon;
    icon.CopyFromBitmap(app_icon_bitmap(32));
    SetIcon(icon);
  }
  auto* top = new wxBoxSizer(wxVERTICAL);
  // Scrolls when the screen is shorter than the form (messages beside fields make it taller).
  form_ = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL);
  form_->SetScrollRate(0, FromDIP(12));
  result_ = new wxPanel(this);
  top->Add(form_, 1, wxEXPAND);
  top->Add(result_, 1, wxEXPAND);
  SetSizer(top);
  build_form();
  build_result();
  result_->Hide();
  fit_to_content();
  Centre();
}

void ReportWindow::refresh_suggestions() {
  std::string text = std::string(summary_->GetValue().utf8_str());
  auto found = controller_.with_cache([&](ClientStore& store) { return store.suggest(text, 3); });
  suggested_ = found ? std::move(*found) : std::vector<KbSuggestion>{};
  for (std::size_t i = 0; i < suggestion_buttons_.size(); ++i) {
    bool shown = i < suggested_.size();
    if (shown) suggestion_buttons_[i]->SetLabel(wxString::FromUTF8("›  " + suggested_[i].title));
    suggestion_buttons_[i]->Show(shown);
  }
  suggestions_heading_->Show(!suggested_.empty());
  suggestions_->Layout();
}

std::vector<std::string> ReportWindow::suggestion_titles() const {
  std::vector<std::string> titles;
  if (!suggestions_heading_->IsShown()) return titles;
  for (const auto& s : suggested_) titles.push_back(s.title);
  return titles;
}

ArticleWindow* ReportWindow::open_suggestion(std::size_t index) {
  if (index >= suggested_.size()) return nullptr;
  auto article = controller_.with_cache([&](ClientStore& store) { return store.kb_article(suggested_[index].id); });
  if (!article || !*article) return nullptr;
  if (article_) article_->Destroy();
  std::int64_t id = (*article)->id;
  article_ = new ArticleWindow(this, **article, [this, id] {
    // Solved without a report: the answer is kept and sent once; the form goes away.
    controller_.with_cache([&](ClientStore&) {
      controller_.engine().submit_kb_feedback(id, true);
      return true;
    });
    deflected_ = true;
    Close();
  });
  article_->Show();
  article_->Raise();
  return article_.get();
}

wxStaticText* ReportWindow::error_label(const std::string& field) const {
  auto it = errors_.find(field);
  return it == errors_.end() ? nullptr : it->second;
}

// The form, part by part; each adds itself to `outer` (the form's column).
void ReportWindow::build_form() {
  auto* outer = new wxBoxSizer(wxVERTICAL);
  if (kind_ == ReportKind::Security) build_security_guidance(outer);
  build_questions(outer);
  build_contact(outer);
  build_device(outer);
  build_attachments(outer);
  build_buttons(outer);
  form_->SetSizer(outer);
  on_type_changed();
  for (auto* text : {summary_, description_})
    text->Bind(wxEVT_TEXT, [this](wxCommandEvent& e) {
      if (checked_once_) show_problems(logic_.check(read_form()));  // inline, once the user tried to send
      e.Skip();
    });
}

// What to do now: the first minutes decide how much is lost.
void ReportWindow::build_security_guidance(wxSizer* outer) {
  auto* guidance = new wxStaticBoxSizer(wxVERTICAL, form_, _("What to do now"));
  auto* text =
      new wxStaticText(guidance->GetStaticBox(), wxID_ANY,
                       _("Do: unplug the network cable or turn off Wi-Fi, and keep the computer on.\n"
                         "Do: write down what you saw and when.\n"
                         "Do not: turn the computer off, delete e-mails or files, or forward the suspicious message.\n"
                         "Do not: type passwords or pay anything that is asked of you."));
  text->Wrap(FromDIP(520));
  guidance->Add(text, 0, wxALL, 6);
  auto* target = new wxStaticText(guidance->GetStaticBox(), wxID_ANY,
                                  _("The security operations centre (SOC) attends to it within 2 hours."));
  target->SetFont(target->GetFont().Bold());
  target->Wrap(FromDIP(520));
  guidance->Add(target, 0, wxLEFT | wxRIGHT | wxBOTTOM, 6);
  outer->Add(guidance, 0, wxEXPAND | wxALL, 10);
}

// Type, category, summary, description and, but for security incidents, impact and urgency
// asked in plain words; each with the place for its error beneath.
void ReportWindow::build_questions(wxSizer* outer) {
  const bool security = kind_ == ReportKind::Security;
  auto* fields = new wxFlexGridSizer(2, wxSize(12, 4));
  fields->AddGrowableCol(1, 1);
  auto add_row = [&](const wxString& label, wxWindow* control, const std::string& error_field) {
    fields->Add(new wxStaticText(form_, wxID_ANY, label), 0, wxALIGN_TOP | wxTOP, 6);
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(control, 0, wxEXPAND);
    if (!error_field.empty()) {
      errors_[error_field] = make_error(form_);
      column->Add(errors_[error_field], 0, wxTOP, 2);
    }
    fields->Add(column, 1, wxEXPAND | wxBOTTOM, 4);
  };
  if (!security) {
    type_ = new wxChoice(form_, wxID_ANY);
    type_->Append(u8(ui::type_text(TicketType::Incident, controller_.translate())));
    type_->Append(u8(ui::type_text(TicketType::ServiceRequest, controller_.translate())));
    type_->SetSelection(kind_ == ReportKind::ServiceRequest ? 1 : 0);
    type_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { on_type_changed(); });
    add_row(_("Type"), type_, "");
  }
  category_ = new wxChoice(form_, wxID_ANY);
  add_row(security ? _("What happened") : _("What it is about"), category_, "category");
  summary_ = new wxTextCtrl(form_, wxID_ANY);
  summary_->SetHint(security ? _("E.g. an e-mail asked for my password")
                             : _("E.g. the printer on floor 3 does not print"));
  add_row(_("Summary"), summary_, "summary");
  // Articles that may solve it, found in the local copy of the knowledge base as the person
  // types (offline too). Their place is kept while there are none: the form must not move
  // under the pointer when they appear (a click meant for "Enviar" would open an article).
  fields->AddSpacer(0);
  suggestions_ = new wxPanel(form_);
  auto* list = new wxBoxSizer(wxVERTICAL);
  suggestions_heading_ = new wxStaticText(suggestions_, wxID_ANY, _("Maybe this helps:"));
  suggestions_heading_->SetFont(suggestions_heading_->GetFont().Bold());
  list->Add(suggestions_heading_, 0, wxBOTTOM | wxRESERVE_SPACE_EVEN_IF_HIDDEN, 2);
  suggestions_heading_->Hide();
  for (std::size_t i = 0; i < 3; ++i) {
    auto* button =
        new wxButton(suggestions_, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxBU_LEFT | wxBU_EXACTFIT);
    button->Bind(wxEVT_BUTTON, [this, i](wxCommandEvent&) { open_suggestion(i); });
    list->Add(button, 0, wxEXPAND | wxBOTTOM | wxRESERVE_SPACE_EVEN_IF_HIDDEN, 2);
    button->Hide();
    suggestion_buttons_.push_back(button);
  }
  suggestions_->SetSizer(list);
  fields->Add(suggestions_, 1, wxEXPAND | wxBOTTOM, 6);
  suggest_timer_.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { refresh_suggestions(); });
  summary_->Bind(wxEVT_TEXT, [this](wxCommandEvent& e) {
    // A pause in typing, not every key: the search is fast, the relayout is not free.
    suggest_timer_.StartOnce(250);
    e.Skip();
  });
  description_ = new wxTextCtrl(form_, wxID_ANY, "", wxDefaultPosition, FromDIP(wxSize(420, 90)), wxTE_MULTILINE);
  description_->SetHint(_("What happened, what you see, since when"));
  add_row(_("Description"), description_, "description");
  // Tab from the summary goes on to the description, as the form reads; the suggestions
  // between them are for the mouse, or for Tab after the form.
  description_->MoveAfterInTabOrder(summary_);
  if (!security) {
    auto defaults =
        default_impact_urgency(kind_ == ReportKind::ServiceRequest ? TicketType::ServiceRequest : TicketType::Incident);
    impact_ = new wxChoice(form_, wxID_ANY);
    for (const auto& c : logic_.impact_choices()) impact_->Append(u8(c.label));
    impact_->SetSelection(defaults.impact - 1);
    add_row(_("How many people are affected?"), impact_, "impact");
    urgency_ = new wxChoice(form_, wxID_ANY);
    for (const auto& c : logic_.urgency_choices()) urgency_->Append(u8(c.label));
    urgency_->SetSelection(defaults.urgency - 1);
    add_row(_("Can you keep working?"), urgency_, "urgency");
  }
  outer->Add(fields, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);
}

void ReportWindow::build_contact(wxSizer* outer) {
  // Contact details: from the token's identity and what was used last time; editable.
  auto* contact = new wxStaticBoxSizer(wxVERTICAL, form_, _("Your contact details"));
  auto* contact_grid = new wxFlexGridSizer(4, wxSize(8, 4));
  contact_grid->AddGrowableCol(1, 1);
  contact_grid->AddGrowableCol(3, 1);
  const auto& s = controller_.settings();
  auto add_contact = [&](const wxString& label, wxTextCtrl*& ctrl, const std::string& value, const std::string& field) {
    contact_grid->Add(new wxStaticText(contact->GetStaticBox(), wxID_ANY, label), 0, wxALIGN_CENTER_VERTICAL);
    ctrl = new wxTextCtrl(contact->GetStaticBox(), wxID_ANY, u8(value));
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(ctrl, 0, wxEXPAND);
    errors_[field] = make_error(contact->GetStaticBox());
    column->Add(errors_[field]);
    contact_grid->Add(column, 1, wxEXPAND);
  };
  std::string name = controller_.identity().name.empty() ? s.name : controller_.identity().name;
  add_contact(_("Name"), name_, name, "reporter.name");
  add_contact(_("E-mail"), email_, s.email, "reporter.email");
  add_contact(_("Phone or extension"), phone_, s.phone, "reporter.phone");
  add_contact(_("Location"), location_, s.location, "reporter.location");
  location_->SetHint(_("Building, floor, desk"));
  contact->Add(contact_grid, 0, wxEXPAND | wxALL, 6);
  outer->Add(contact, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);
}

void ReportWindow::build_device(wxSizer* outer) {
  // This computer, attached for the desk so the user need not know it.
  device_ = platform::machine_info();
  const Device& device = device_;
  std::string ips;
  for (const auto& ip : device.ip_addresses) ips += (ips.empty() ? "" : ", ") + ip;
  auto* machine = new wxStaticBoxSizer(wxVERTICAL, form_, _("This computer"));
  auto* machine_text = new wxStaticText(machine->GetStaticBox(), wxID_ANY,
                                        u8(device.hostname + " · " + device.os + " " + device.os_version + " · " +
                                           device.user + (ips.empty() ? "" : " · " + ips)));
  machine->Add(machine_text, 0, wxALL, 4);
  attach_device_ = new wxCheckBox(machine->GetStaticBox(), wxID_ANY, _("Attach these details"));
  attach_device_->SetValue(true);
  machine->Add(attach_device_, 0, wxLEFT | wxBOTTOM, 4);
  outer->Add(machine, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);
}

void ReportWindow::build_attachments(wxSizer* outer) {
  // Attachments: the screenshot taken before this window opened, and a file.
  auto* files = new wxStaticBoxSizer(wxVERTICAL, form_, _("Attachments"));
  auto* shot_row = new wxBoxSizer(wxHORIZONTAL);
  attach_screenshot_ = new wxCheckBox(files->GetStaticBox(), wxID_ANY, _("Attach a screenshot"));
  attach_screenshot_->SetValue(screenshot_.has_value());
  attach_screenshot_->Enable(screenshot_.has_value());
  shot_row->Add(attach_screenshot_, 0, wxALIGN_CENTER_VERTICAL);
  if (screenshot_) {
    preview_ =
        new wxStaticBitmap(files->GetStaticBox(), wxID_ANY, thumbnail(screenshot_->bitmap, FromDIP(160), FromDIP(100)));
    shot_row->Add(preview_, 0, wxLEFT, 12);
    attach_screenshot_->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent& e) {
      preview_->Show(e.IsChecked());
      Layout();
    });
  }
  files->Add(shot_row, 0, wxALL, 4);
  auto* file_row = new wxBoxSizer(wxHORIZONTAL);
  auto* pick = new wxButton(files->GetStaticBox(), wxID_ANY, _("Attach a file..."));
  pick->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { attach_file(); });
  file_row->Add(pick);
  file_label_ = new wxStaticText(files->GetStaticBox(), wxID_ANY, u8(logic_.max_attachment_text()));
  file_row->Add(file_label_, 1, wxALIGN_CENTER_VERTICAL | wxLEFT, 8);
  remove_file_ = new wxButton(files->GetStaticBox(), wxID_ANY, _("Remove"));
  remove_file_->Hide();
  remove_file_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
    file_.reset();
    file_label_->SetLabel(u8(logic_.max_attachment_text()));
    remove_file_->Hide();
    Layout();
  });
  file_row->Add(remove_file_, 0, wxLEFT, 8);
  files->Add(file_row, 0, wxEXPAND | wxALL, 4);
  errors_["attachments"] = make_error(files->GetStaticBox());
  files->Add(errors_["attachments"], 0, wxLEFT | wxBOTTOM, 4);
  outer->Add(files, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);
}

void ReportWindow::build_buttons(wxSizer* outer) {
  errors_["form"] = make_error(form_);
  outer->Add(errors_["form"], 0, wxLEFT | wxTOP, 10);
  auto* buttons = new wxBoxSizer(wxHORIZONTAL);
  sending_ = new wxStaticText(form_, wxID_ANY, _("Sending..."));
  sending_->Hide();
  buttons->Add(sending_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
  buttons->AddStretchSpacer();
  // Not wxID_CANCEL nor wxID_CLOSE below: GTK would label them itself (translations.h).
  auto* cancel = new wxButton(form_, wxID_ANY, _("Cancel"));
  cancel->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
  send_ = new wxButton(form_, wxID_OK, _("Send"));
  send_->SetDefault();
  send_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_send(); });
  buttons->Add(cancel, 0, wxRIGHT, 8);
  buttons->Add(send_);
  outer->Add(buttons, 0, wxEXPAND | wxALL, 10);
}

void ReportWindow::build_result() {
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  result_title_ = new wxStaticText(result_, wxID_ANY, "");
  result_title_->SetFont(result_title_->GetFont().Scaled(1.2f));
  result_big_ = new wxStaticText(result_, wxID_ANY, "");
  result_big_->SetFont(result_big_->GetFont().Scaled(2.6f).Bold());
  result_detail_ = new wxStaticText(result_, wxID_ANY, "");
  copy_ = new wxButton(result_, wxID_ANY, _("Copy the number"));
  copy_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
    if (wxTheClipboard->Open()) {
      wxTheClipboard->SetData(new wxTextDataObject(result_big_->GetLabel()));
      wxTheClipboard->Close();
    }
  });
  auto* close = new wxButton(result_, wxID_ANY, _("Close"));
  close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
  sizer->AddStretchSpacer();
  sizer->Add(result_title_, 0, wxALIGN_CENTER | wxALL, 10);
  sizer->Add(result_big_, 0, wxALIGN_CENTER | wxALL, 10);
  sizer->Add(result_detail_, 0, wxALIGN_CENTER | wxALL, 10);
  auto* buttons = new wxBoxSizer(wxHORIZONTAL);
  buttons->Add(copy_, 0, wxRIGHT, 8);
  buttons->Add(close);
  sizer->Add(buttons, 0, wxALIGN_CENTER | wxALL, 10);
  sizer->AddStretchSpacer();
  result_->SetSizer(sizer);
}

void ReportWindow::on_type_changed() {
  TicketType type = kind_ == ReportKind::Security           ? TicketType::SecurityIncident
                    : (type_ && type_->GetSelection() == 1) ? TicketType::ServiceRequest
                                                            : TicketType::Incident;
  category_->Clear();
  for (const auto& c : logic_.categories(type)) category_->Append(u8(c.label), new wxStringClientData(u8(c.id)));
  category_->SetSelection(wxNOT_FOUND);
}

ui::ReportForm ReportWindow::read_form() const {
  ui::ReportForm f;
  f.type = kind_ == ReportKind::Security           ? TicketType::SecurityIncident
           : (type_ && type_->GetSelection() == 1) ? TicketType::ServiceRequest
                                                   : TicketType::Incident;
  if (int i = category_->GetSelection(); i != wxNOT_FOUND)
    f.category = str(static_cast<wxStringClientData*>(category_->GetClientObject(static_cast<unsigned>(i)))->GetData());
  f.summary = str(summary_->GetValue());
  f.description = str(description_->GetValue());
  // The security form does not ask: the core's rule decides.
  auto defaults = default_impact_urgency(f.type);
  f.impact = impact_ ? impact_->GetSelection() + 1 : defaults.impact;
  f.urgency = urgency_ ? urgency_->GetSelection() + 1 : defaults.urgency;
  f.reporter.employee = controller_.identity().employee;
  f.reporter.name = str(name_->GetValue());
  f.reporter.email = str(email_->GetValue());
  f.reporter.phone = str(phone_->GetValue());
  f.reporter.location = str(location_->GetValue());
  f.attach_device = attach_device_->GetValue();
  if (f.attach_device) f.device = device_;
  if (screenshot_ && attach_screenshot_->GetValue()) {
    if (screenshot_png_.empty()) screenshot_png_ = png_of(*screenshot_);
    f.screenshot = NewAttachment{"captura-de-pantalla.png", "image/png", screenshot_png_};
  }
  f.file = file_;
  return f;
}

bool ReportWindow::show_problems(const std::map<std::string, std::string>& problems) {
  for (auto& [field, label] : errors_) {
    auto it = problems.find(field);
    label->SetLabel(it == problems.end() ? wxString() : u8(it->second));
    label->Show(it != problems.end());
  }
  // A problem in a field without its own label is shown at the foot of the form.
  for (const auto& [field, message] : problems)
    if (!errors_.count(field)) {
      errors_["form"]->SetLabel(u8(message));
      errors_["form"]->Show();
    }
  fit_to_content();
  return problems.empty();
}

void ReportWindow::fit_to_content() {
  // The window takes the form's height, up to the screen's; beyond that the form scrolls.
  form_->Layout();
  wxSize best = form_->GetSizer()->GetMinSize();
  wxRect screen =
      wxDisplay(wxDisplay::GetFromWindow(this) == wxNOT_FOUND ? 0u : unsigned(wxDisplay::GetFromWindow(this)))
          .GetClientArea();
  int height = std::min(best.y, screen.height - FromDIP(40));
  form_->SetVirtualSize(best);
  SetClientSize(wxSize(best.x + wxSystemSettings::GetMetric(wxSYS_VSCROLL_X, this), height));
  SetMinClientSize(wxSize(best.x, std::min(height, FromDIP(400))));
  Layout();
  form_->FitInside();
  // Grown past the bottom of the screen: move up so that the buttons stay in view.
  wxRect rect = GetScreenRect();
  if (rect.GetBottom() > screen.GetBottom()) Move(rect.x, std::max(screen.y, screen.GetBottom() - rect.height));
}

void ReportWindow::identity_known(const Identity& who) {
  if (name_ && name_->GetValue().empty()) name_->SetValue(wxString::FromUTF8(who.name));
}

void ReportWindow::attach_file() {
  wxFileDialog dialog(this, _("Attach a file"), "", "", "*", wxFD_OPEN | wxFD_FILE_MUST_EXIST);
  if (dialog.ShowModal() != wxID_OK) return;
  auto read = logic_.read_attachment(str(dialog.GetPath()));
  if (!read) {
    errors_["attachments"]->SetLabel(u8(read.error().message));
    errors_["attachments"]->Show();
    fit_to_content();
    return;
  }
  file_ = std::move(*read);
  file_label_->SetLabel(u8(file_->name + " (" + size_text(file_->data.size()) + ")"));
  remove_file_->Show();
  errors_["attachments"]->Hide();
  form_->Layout();
}

void ReportWindow::on_send() {
  if (stage_ != Stage::Editing) return;
  checked_once_ = true;
  ui::ReportForm form = read_form();
  if (!show_problems(logic_.check(form))) return;
  controller_.remember_contact(form.reporter);
  NewTicket ticket = logic_.build(form, Channel::Tray);
  stage_ = Stage::Sending;
  send_->Disable();
  sending_->Show();
  form_->Layout();
  // After a refusal, local_id_ names the refused copy that this corrected one replaces.
  controller_.file_in_background(number_, std::move(ticket), refused_ ? local_id_ : std::string());
}

void ReportWindow::on_filed(const FiledReport& filed) {
  local_id_ = filed.local_id;
  switch (filed.outcome) {
    case FiledReport::Outcome::Sent:
      refused_ = false;
      stage_ = Stage::Sent;
      shown_tk_ = filed.tk;
      show_result(_("Your report was registered. Its number is:"), u8(filed.tk),
                  _("Keep it to follow your report in \"My tickets\"."), true);
      break;
    case FiledReport::Outcome::Queued:
      stage_ = Stage::Queued;
      show_result(_("Saved; it will be sent when the connection is back"), u8(filed.local_id),
                  _("This is its provisional reference. You will be notified of its number."), false);
      break;
    case FiledReport::Outcome::Refused:
      // Kept in the outbox; the form stays so the user can see why and correct it.
      refused_ = true;
      stage_ = Stage::Editing;
      send_->Enable();
      sending_->Hide();
      show_problems({{filed.refusal.field.empty() ? "form" : filed.refusal.field,
                      filed.refusal.message_in(controller_.language())}});
      break;
  }
}

void ReportWindow::report_sent(const std::string& local_id, const std::string& tk) {
  if (stage_ != Stage::Queued || local_id != local_id_) return;
  stage_ = Stage::Sent;
  shown_tk_ = tk;
  show_result(_("Your report was sent. Its number is:"), u8(tk), _("Keep it to follow your report in \"My tickets\"."),
              true);
}

void ReportWindow::show_result(const wxString& title, const wxString& big, const wxString& detail, bool copy) {
  form_->Hide();
  result_title_->SetLabel(title);
  result_big_->SetLabel(big);
  result_detail_->SetLabel(detail);
  copy_->Show(copy);
  result_->Show();
  result_->Layout();
  Layout();
}

}  // namespace tk::tray
