// Settings: server, token, language, start at login, how often to look for changes; what
// the machine's policy fixes is shown greyed out.
#pragma once

#include <wx/dialog.h>

#include "tray_settings.h"

class wxCheckBox;
class wxChoice;
class wxFlexGridSizer;
class wxSpinCtrl;
class wxTextCtrl;

namespace tk::tray {

class SettingsDialog : public wxDialog {
 public:
  SettingsDialog(wxWindow* parent, const TraySettings& current, bool starts_at_login);
  TraySettings settings() const;
  bool start_at_login() const;

 private:
  void fixed_by_policy(wxFlexGridSizer* grid, wxWindow* field);

  TraySettings base_;
  wxTextCtrl* server_ = nullptr;
  wxTextCtrl* token_ = nullptr;
  wxChoice* language_ = nullptr;
  wxSpinCtrl* poll_ = nullptr;
  wxCheckBox* autostart_ = nullptr;
};

}  // namespace tk::tray
