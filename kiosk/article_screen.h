// A knowledge-base article the Describe screen suggested: what it is about and its steps,
// in large type, and two answers: "Esto resolvió mi problema" (no report: the kiosk thanks
// the person and records it) or "No, seguir con el reporte" (back, nothing lost).
#pragma once

#include <functional>

#include "kiosk_screen.h"

class wxStaticText;
class wxTextCtrl;

namespace tk::kiosk {

class ArticleScreen : public KioskScreen {
 public:
  // `solved`: the person said the article solved it (the kiosk records that, once).
  ArticleScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow, std::function<void(std::int64_t)> solved);

  wxStaticText* title_label() const { return title_; }
  wxButton* solved_button() const { return solved_; }
  wxButton* not_solved_button() const { return not_solved_; }
  wxButton* done_button() const { return done_; }
  wxStaticText* thanks_label() const { return thanks_; }

  void refresh() override;

 private:
  wxStaticText* title_;
  wxStaticText* symptoms_;
  wxTextCtrl* steps_;
  wxButton* solved_;
  wxButton* not_solved_;
  wxButton* done_;
  wxStaticText* thanks_;
};

}  // namespace tk::kiosk
