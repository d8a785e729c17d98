// A ticket found by TK and employee number: its state in words, when the server said so,
// and a timeline of the steps it has reached. A resolved ticket also asks "¿Quedó
// resuelto?" with a rating from 1 to 5 (the satisfaction survey, also at the kiosk).
#pragma once

#include <functional>
#include <vector>

#include "kiosk_screen.h"
#include "tk/ui/text.h"

class wxStaticText;

namespace tk::kiosk {

class LookupResultScreen : public KioskScreen {
 public:
  // `language`: the state is worded by the core in the kiosk's language.
  // `answer`: sends the survey's "yes" (Confirm) or "no" (Reopen).
  LookupResultScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow, ui::Language language,
                     std::function<void(Action)> answer);

  wxStaticText* tk_label() const { return tk_; }
  wxStaticText* status_label() const { return status_; }
  wxStaticText* confirmed_label() const { return confirmed_; }
  wxPanel* timeline() const { return timeline_; }
  wxButton* done_button() const { return done_; }
  wxPanel* survey() const { return survey_; }
  wxButton* rating_button(int rating) const { return ratings_.at(static_cast<std::size_t>(rating - 1)); }
  wxButton* solved_button() const { return solved_; }
  wxButton* not_solved_button() const { return not_solved_; }
  wxStaticText* survey_message() const { return survey_message_; }

  void refresh() override;

 private:
  ui::Language language_;
  wxStaticText* tk_;
  wxStaticText* status_;
  wxStaticText* confirmed_;
  wxPanel* timeline_;
  wxButton* done_;
  wxPanel* survey_;
  std::vector<wxButton*> ratings_;  // index 0 is a rating of 1
  wxButton* solved_;
  wxButton* not_solved_;
  wxStaticText* survey_message_;
};

}  // namespace tk::kiosk
