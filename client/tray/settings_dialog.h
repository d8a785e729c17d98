// Settings: server, token, language, start at login, how often to look for changes; what
// the machine's policy fixes is shown greyed out.
#pragma once

#include <wx/dialog.h>

#include <functional>
#include <string>

#include "tk/api_client.h"
#include "tray_settings.h"

class wxButton;
class wxStaticText;
class wxCheckBox;
class wxChoice;
class wxFlexGridSizer;
class wxSpinCtrl;
class wxTextCtrl;

namespace tk::tray {

class SettingsDialog : public wxDialog {
 public:
  // Trades a one-time enrolment code for a token at the server given (issue 14).
  using Enroller = std::function<Result<Enrolment>(const std::string& server_url, const std::string& code)>;

  // Without an enroller there is no enrolment row.
  SettingsDialog(wxWindow* parent, const TraySettings& current, bool starts_at_login, Enroller enroller = {});
  TraySettings settings() const;
  bool start_at_login() const;

  wxTextCtrl* code_field() const { return code_; }
  wxButton* enrol_button() const { return enrol_; }
  wxString enrol_status() const;

 private:
  void fixed_by_policy(wxFlexGridSizer* grid, wxWindow* field);
  void enrol_with_code();

  Enroller enroller_;
  wxTextCtrl* code_ = nullptr;
  wxButton* enrol_ = nullptr;
  wxStaticText* enrol_status_ = nullptr;

  TraySettings base_;
  wxTextCtrl* server_ = nullptr;
  wxTextCtrl* token_ = nullptr;
  wxChoice* language_ = nullptr;
  wxSpinCtrl* poll_ = nullptr;
  wxCheckBox* autostart_ = nullptr;
};

}  // namespace tk::tray
