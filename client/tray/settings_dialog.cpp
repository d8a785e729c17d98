#include "settings_dialog.h"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/settings.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/app.h>
#include <wx/utils.h>

#include <initializer_list>
#include <thread>

#include "tk/error.h"

namespace tk::tray {

SettingsDialog::SettingsDialog(wxWindow* parent, const TraySettings& current, bool starts_at_login, Enroller enroller,
                               Keeper keeper)
    : wxDialog(parent, wxID_ANY, _("Settings")),
      enroller_(std::move(enroller)),
      keeper_(std::move(keeper)),
      base_(current) {
  auto* grid = new wxFlexGridSizer(2, wxSize(12, 8));
  grid->AddGrowableCol(1, 1);
  auto label = [&](const wxString& text) {
    grid->Add(new wxStaticText(this, wxID_ANY, text), 0, wxALIGN_CENTER_VERTICAL);
  };
  label(_("Server address"));
  server_ = new wxTextCtrl(this, wxID_ANY, wxString::FromUTF8(current.server_url), wxDefaultPosition,
                           FromDIP(wxSize(340, -1)));
  grid->Add(server_, 1, wxEXPAND);
  if (current.server_fixed()) fixed_by_policy(grid, server_);
  label(_("Access token"));
  token_ = new wxTextCtrl(this, wxID_ANY, wxString::FromUTF8(current.token), wxDefaultPosition, wxDefaultSize,
                          wxTE_PASSWORD);
  grid->Add(token_, 1, wxEXPAND);
  if (enroller_) {
    // Instead of a token pasted by an administrator: the employee's directory account
    // (where the server has one), or the one-time code the desk gave.
    label(_("Institutional user"));
    user_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
    grid->Add(user_, 1, wxEXPAND);
    label(_("Password"));
    auto* sign_in_row = new wxBoxSizer(wxHORIZONTAL);
    password_ =
        new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PASSWORD | wxTE_PROCESS_ENTER);
    sign_in_ = new wxButton(this, wxID_ANY, _("Sign in"));
    sign_in_row->Add(password_, 1, wxRIGHT, 8);
    sign_in_row->Add(sign_in_);
    grid->Add(sign_in_row, 1, wxEXPAND);
    label(_("Enrolment code"));
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    code_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
    code_->SetHint("XXXX-XXXX-XXXX");
    enrol_ = new wxButton(this, wxID_ANY, _("Enrol"));
    row->Add(code_, 1, wxRIGHT, 8);
    row->Add(enrol_);
    grid->Add(row, 1, wxEXPAND);
    // The two buttons as wide as each other: they stand one above the other.
    wxSize widest = sign_in_->GetBestSize();
    widest.IncTo(enrol_->GetBestSize());
    sign_in_->SetMinSize(widest);
    enrol_->SetMinSize(widest);
    grid->AddSpacer(0);
    enrol_status_ = new wxStaticText(this, wxID_ANY,
                                     _("If you have no token, sign in with your institutional account, or type the "
                                       "code the service desk gave you."));
    enrol_status_->Wrap(FromDIP(340));
    grid->Add(enrol_status_, 0, wxBOTTOM, FromDIP(4));
    enrol_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { enrol_with_code(); });
    code_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { enrol_with_code(); });
    sign_in_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { sign_in(); });
    password_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { sign_in(); });
    user_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { password_->SetFocus(); });
  }
  label(_("Language"));
  language_ = new wxChoice(this, wxID_ANY);
  language_->Append(wxString::FromUTF8("Español (México)"));
  language_->Append("English");
  language_->SetSelection(current.language == ui::Language::English ? 1 : 0);
  grid->Add(language_);
  label(_("Look for changes every (minutes)"));
  poll_ = new wxSpinCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxSP_ARROW_KEYS, 1, 60,
                         current.poll_minutes);
  grid->Add(poll_);
  if (current.poll_fixed()) fixed_by_policy(grid, poll_);
  grid->AddSpacer(0);
  autostart_ = new wxCheckBox(this, wxID_ANY, _("Start when I log in"));
  autostart_->SetValue(starts_at_login);
  grid->Add(autostart_);
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  sizer->Add(grid, 1, wxEXPAND | wxALL, 12);
  // Ids of their own, not wxID_OK and wxID_CANCEL (see translations.h); the dialog still
  // ends with those, as callers expect, and Enter and Escape still press them.
  auto* buttons = new wxBoxSizer(wxHORIZONTAL);
  auto* cancel = new wxButton(this, wxID_ANY, _("Cancel"));
  ok_ = new wxButton(this, wxID_ANY, _("OK"));
  cancel->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_CANCEL); });
  ok_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_OK); });
  ok_->SetDefault();
  SetEscapeId(cancel->GetId());
  buttons->AddStretchSpacer();
  buttons->Add(cancel, 0, wxRIGHT, 8);
  buttons->Add(ok_);
  sizer->Add(buttons, 0, wxEXPAND | wxALL, 12);
  SetSizerAndFit(sizer);
  Centre();
  // Without a token, the account is what there is to type first.
  if (user_ && current.token.empty()) user_->SetFocus();
}

// A value the organisation's policy sets: shown, greyed out, and said why under it.
void SettingsDialog::fixed_by_policy(wxFlexGridSizer* grid, wxWindow* field) {
  field->Disable();
  grid->AddSpacer(0);
  auto* why = new wxStaticText(this, wxID_ANY, _("Set by your organization"));
  why->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
  grid->Add(why, 0, wxBOTTOM, FromDIP(4));
}

TraySettings SettingsDialog::settings() const {
  TraySettings s = base_;
  if (!s.server_fixed()) s.server_url = std::string(server_->GetValue().Strip(wxString::both).utf8_str());
  s.token = std::string(token_->GetValue().Strip(wxString::both).utf8_str());
  s.language = language_->GetSelection() == 1 ? ui::Language::English : ui::Language::Spanish;
  if (!s.poll_fixed()) s.poll_minutes = poll_->GetValue();
  return s;
}

bool SettingsDialog::start_at_login() const { return autostart_->GetValue(); }

wxString SettingsDialog::enrol_status() const {
  if (!enrol_status_) return {};
  wxString text = enrol_status_->GetLabel();
  text.Replace("\n", " ");  // Wrap() breaks the lines to the dialog's width
  return text;
}

SettingsDialog::~SettingsDialog() { *alive_ = false; }

void SettingsDialog::enrol_with_code() {
  EnrolmentRequest request;
  request.code = std::string(code_->GetValue().Strip(wxString::both).utf8_str());
  if (!request.code.empty()) start_enrolment(std::move(request));
}

void SettingsDialog::sign_in() {
  EnrolmentRequest request;
  request.user = std::string(user_->GetValue().Strip(wxString::both).utf8_str());
  request.password = std::string(password_->GetValue().utf8_str());
  if (request.user.empty()) return user_->SetFocus();
  if (request.password.empty()) return password_->SetFocus();
  start_enrolment(std::move(request));
}

void SettingsDialog::start_enrolment(EnrolmentRequest request) {
  if (enrolling_) return;
  std::string server =
      base_.server_fixed() ? base_.server_url : std::string(server_->GetValue().Strip(wxString::both).utf8_str());
  enrolling_ = true;
  for (wxWindow* w : std::initializer_list<wxWindow*>{code_, enrol_, user_, password_, sign_in_}) w->Disable();
  enrol_status_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT));
  enrol_status_->SetLabel(request.user.empty() ? _("Enrolling...") : _("Signing in..."));
  // The window stays responsive while the server answers; a closed dialog hears nothing.
  std::thread([alive = alive_, self = this, enroller = enroller_, server, request = std::move(request)] {
    auto result = std::make_shared<Result<Enrolment>>(enroller(server, request));
    wxTheApp->CallAfter([alive, self, server, result] {
      if (*alive) self->enrolled(server, *result);
    });
  }).detach();
}

void SettingsDialog::enrolled(const std::string& server, const Result<Enrolment>& result) {
  enrolling_ = false;
  for (wxWindow* w : std::initializer_list<wxWindow*>{code_, enrol_, user_, password_, sign_in_}) w->Enable();
  // The password is not kept in the window, whatever the answer.
  password_->Clear();
  if (result) {
    token_->ChangeValue(wxString::FromUTF8(result->token));
    code_->Clear();
    if (keeper_) keeper_(server, *result);
    enrol_status_->SetForegroundColour(wxColour(0x1b, 0x7f, 0x3b));
    enrol_status_->SetLabel(wxString::Format(_("Enrolled as %s (%s). The token is saved."),
                                             wxString::FromUTF8(result->identity.name),
                                             wxString::FromUTF8(result->identity.employee)));
    ok_->SetFocus();  // what is left to do is close the window
  } else {
    enrol_status_->SetForegroundColour(wxColour(0xb3, 0x1b, 0x1b));
    enrol_status_->SetLabel(wxString::FromUTF8(result.error().message_in(base_.language)));
  }
  enrol_status_->Wrap(FromDIP(340));
  Layout();
  Fit();
  // The rows below the message moved: under Windows a control's old place is not always
  // painted again by itself (seen as a second "Español (México)" under Wine).
  Refresh();
}

}  // namespace tk::tray
