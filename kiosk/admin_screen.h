// The kiosk's administration, behind the PIN: the connection and the reports waiting,
// sync now, back to the kiosk, or exit. Syncing and exiting are the frame's.
#pragma once

#include <functional>

#include "kiosk_screen.h"

class wxStaticText;

namespace tk::kiosk {

class AdminScreen : public KioskScreen {
 public:
  AdminScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow, std::function<void()> sync_now,
              std::function<void()> exit);

  // The backend's state, as the frame reads it.
  void show_state(bool online, int waiting_reports);

  wxStaticText* state_label() const { return state_; }
  wxButton* sync_button() const { return sync_; }
  wxButton* leave_button() const { return leave_; }
  wxButton* exit_button() const { return exit_; }

 private:
  wxStaticText* state_;
  wxButton* sync_;
  wxButton* leave_;
  wxButton* exit_;
};

}  // namespace tk::kiosk
