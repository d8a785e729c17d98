// Settings: server, token, language, start at login, how often to look for changes; what
// the machine's policy fixes is shown greyed out.
#pragma once

#include <wx/dialog.h>

#include <functional>
#include <memory>
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
  // What the employee typed to enrol: the directory account, or the one-time code.
  struct EnrolmentRequest {
    std::string user;
    std::string password;
    std::string code;
  };
  // Trades it for a token at the server given (issue 14). Runs on a thread of its own
  // (the network, and the server's directory, may be slow): it must not touch the GUI.
  using Enroller = std::function<Result<Enrolment>(const std::string& server_url, const EnrolmentRequest&)>;
  // On the GUI thread, as soon as a code became a token: keeps it (the code is spent, so
  // the token must not wait for OK).
  using Keeper = std::function<void(const std::string& server_url, const Enrolment&)>;

  // Without an enroller there is no enrolment row.
  SettingsDialog(wxWindow* parent, const TraySettings& current, bool starts_at_login, Enroller enroller = {},
                 Keeper keeper = {});
  ~SettingsDialog() override;
  TraySettings settings() const;
  bool start_at_login() const;

  wxTextCtrl* code_field() const { return code_; }
  wxButton* enrol_button() const { return enrol_; }
  wxTextCtrl* user_field() const { return user_; }
  wxTextCtrl* password_field() const { return password_; }
  wxButton* sign_in_button() const { return sign_in_; }
  wxString enrol_status() const;

 private:
  void fixed_by_policy(wxFlexGridSizer* grid, wxWindow* field);
  void enrol_with_code();
  void sign_in();
  void start_enrolment(EnrolmentRequest request);
  void enrolled(const std::string& server, const Result<Enrolment>&);

  Enroller enroller_;
  Keeper keeper_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // read on the GUI thread only
  bool enrolling_ = false;
  wxTextCtrl* code_ = nullptr;
  wxButton* enrol_ = nullptr;
  wxTextCtrl* user_ = nullptr;
  wxTextCtrl* password_ = nullptr;
  wxButton* sign_in_ = nullptr;
  wxStaticText* enrol_status_ = nullptr;

  TraySettings base_;
  wxTextCtrl* server_ = nullptr;
  wxTextCtrl* token_ = nullptr;
  wxChoice* language_ = nullptr;
  wxSpinCtrl* poll_ = nullptr;
  wxCheckBox* autostart_ = nullptr;
  wxButton* ok_ = nullptr;
};

}  // namespace tk::tray
