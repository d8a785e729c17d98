// "¿Quedó resuelto?": where the notification of a resolved ticket leads (ISO 9001's
// satisfaction survey, docs/design.md section 9). The user confirms the solution or says the
// problem goes on (a reopening), and may rate the service 1 to 5 with a comment. The
// answer goes through the outbox like every move of the user: offline too, sent once.
#pragma once

#include <wx/frame.h>

#include <string>

#include "tray_controller.h"

class wxButton;
class wxChoice;
class wxStaticText;
class wxTextCtrl;

namespace tk::tray {

class SatisfactionWindow : public wxFrame {
 public:
  SatisfactionWindow(TrayController& controller, const Ticket& ticket);

  const std::string& tk() const { return tk_; }
  // The server's (or the cache's) verdict on what was sent; empty: done.
  void answered(const std::string& error_message);

  // For the tests: the fields and buttons a person uses.
  wxChoice* rating_field() const { return rating_; }
  wxTextCtrl* comment_field() const { return comment_; }
  wxButton* solved_button() const { return solved_; }
  wxButton* not_solved_button() const { return not_solved_; }
  std::string message() const;

 private:
  void send(Action action);

  TrayController& controller_;
  std::string tk_;
  wxChoice* rating_ = nullptr;
  wxTextCtrl* comment_ = nullptr;
  wxButton* solved_ = nullptr;
  wxButton* not_solved_ = nullptr;
  wxStaticText* message_ = nullptr;
};

}  // namespace tk::tray
