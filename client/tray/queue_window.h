// "Mi cola": an agent's tickets and their group's, as the server had them at the last
// poll, by due time, late ones first and marked; "Tomar" assigns the chosen one to the
// agent. The tray reads the queue; this window only shows it.
#pragma once

#include <wx/frame.h>

#include <string>
#include <vector>

#include "tray_controller.h"

class wxButton;
class wxListCtrl;
class wxStaticText;

namespace tk::tray {

class QueueWindow : public wxFrame {
 public:
  explicit QueueWindow(TrayController& controller);

  // Shows the controller's queue again (after a poll or a move).
  void refresh();
  void select(const std::string& tk);
  // A move or a read that failed, in the window's message line.
  void show_message(const std::string& text, bool failure);
  // For the tests: the TKs in the order shown, and the state column of one.
  std::vector<std::string> shown() const { return shown_; }
  std::string due_text(const std::string& tk) const;

 private:
  TrayController& controller_;
  std::vector<std::string> shown_;
  wxStaticText* heading_ = nullptr;
  wxListCtrl* list_ = nullptr;
  wxButton* take_ = nullptr;
  wxStaticText* message_ = nullptr;
};

}  // namespace tk::tray
