#include "lookup_result_screen.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/toplevel.h>

#include <algorithm>

#include "kiosk_widgets.h"
#include "tk/ui/ticket_view.h"

namespace tk::kiosk {

LookupResultScreen::LookupResultScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow, ui::Language language,
                                       std::function<void(Action)> answer)
    : KioskScreen(book, host, flow, _("Your ticket")), language_(language) {
  for (auto** label : {&tk_, &status_, &confirmed_}) {
    *label = new wxStaticText(this, wxID_ANY, "");
    body()->Add(*label, 0, wxALIGN_CENTER | wxALL, FromDIP(6));
  }
  tk_->SetFont(tk_->GetFont().Scaled(2.4f).Bold());
  status_->SetFont(status_->GetFont().Scaled(2.0f));
  confirmed_->SetFont(confirmed_->GetFont().Scaled(1.2f));
  timeline_ = new wxPanel(this);
  timeline_->SetBackgroundColour(*wxWHITE);
  timeline_->SetSizer(new wxBoxSizer(wxHORIZONTAL));
  body()->Add(timeline_, 0, wxEXPAND | wxALL, FromDIP(16));

  survey_ = new wxPanel(this);
  auto* survey = new wxBoxSizer(wxVERTICAL);
  auto* question = new wxStaticText(survey_, wxID_ANY, _("Is it solved?"));
  question->SetFont(question->GetFont().Scaled(1.6f).Bold());
  survey->Add(question, 0, wxALIGN_CENTER | wxBOTTOM, FromDIP(8));
  auto* how = new wxStaticText(survey_, wxID_ANY, _("How was the service? (optional)"));
  how->SetFont(how->GetFont().Scaled(1.2f));
  survey->Add(how, 0, wxALIGN_CENTER | wxBOTTOM, FromDIP(6));
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  // The survey's words are the core's (rating_scale, 5 first): here 1 to 5, left to right.
  for (auto entry = rating_scale().rbegin(); entry != rating_scale().rend(); ++entry) {
    int rating = entry->value;
    auto* button = make_big_button(host, survey_, u8(rating_label(rating, language_)), [this, rating] {
      this->flow().set_survey_rating(this->flow().survey_rating() == rating ? 0 : rating);
      refresh();
    });
    button->SetMinSize(wxSize(touch_px(this) * 3, touch_px(this) * 2));
    row->Add(button, 1, wxEXPAND | wxALL, FromDIP(6));
    ratings_.push_back(button);
  }
  survey->Add(row, 0, wxEXPAND);
  auto* answers = new wxBoxSizer(wxHORIZONTAL);
  not_solved_ = make_big_button(host, survey_, _("No, the problem goes on"), [answer] { answer(Action::Reopen); });
  solved_ = make_big_button(host, survey_, _("Yes, it is solved"), [answer] { answer(Action::Confirm); });
  answers->Add(not_solved_, 1, wxEXPAND | wxALL, FromDIP(8));
  answers->Add(solved_, 1, wxEXPAND | wxALL, FromDIP(8));
  survey->Add(answers, 0, wxEXPAND | wxTOP, FromDIP(6));
  survey_->SetSizer(survey);
  body()->Add(survey_, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(16));
  survey_message_ = new wxStaticText(this, wxID_ANY, "");
  survey_message_->SetFont(survey_message_->GetFont().Scaled(1.4f).Bold());
  body()->Add(survey_message_, 0, wxALIGN_CENTER | wxALL, FromDIP(10));

  done_ = step_button(_("Done"), [](KioskFlow& f) { f.home(); });
  body()->Add(done_, 0, wxALIGN_CENTER);
}

void LookupResultScreen::refresh() {
  const auto& t = flow().found();
  if (!t) return;
  ui::Translate tr = translate;
  tk_->SetLabel(u8(t->tk + " — " + t->summary));
  status_->SetLabel(u8(ui::status_text(t->status, t->visible_level(), t->resolution, language_)));
  confirmed_->SetLabel(u8(ui::format(tr(N_("Confirmed by the server: {}")), {ui::local_time(flow().found_at())})));
  auto* sizer = timeline_->GetSizer();
  sizer->Clear(true);
  // Nine steps at most fit across the kiosk's window.
  int window_width = wxGetTopLevelParent(this)->GetClientSize().x;
  for (const auto& step : ui::timeline(*t, tr)) {
    auto* l = new wxStaticText(timeline_, wxID_ANY, u8(std::string(step.reached ? "●" : "○") + "\n" + step.label),
                               wxDefaultPosition, wxDefaultSize, wxALIGN_CENTRE_HORIZONTAL);
    l->SetFont(l->GetFont().Scaled(1.2f));
    if (step.current) l->SetFont(l->GetFont().Bold());
    l->Wrap(std::max(FromDIP(110), window_width / 9));
    l->SetForegroundColour(step.reached ? wxColour(0x1b, 0x5e, 0x20) : wxColour(0x90, 0x90, 0x90));
    sizer->Add(l, 1, wxEXPAND);
  }
  timeline_->Layout();

  survey_->Show(flow().survey_open());
  // The chosen rating stands out the way a pressed key would.
  for (std::size_t i = 0; i < ratings_.size(); ++i) {
    bool on = static_cast<int>(i) + 1 == flow().survey_rating();
    ratings_[i]->SetBackgroundColour(on ? wxColour(0x0f, 0x4c, 0x81) : wxNullColour);
    ratings_[i]->SetForegroundColour(on ? *wxWHITE : wxNullColour);
    ratings_[i]->Refresh();
  }
  bool failed = !flow().message().empty();
  survey_message_->SetForegroundColour(failed ? warning_colour() : wxColour(0x1b, 0x5e, 0x20));
  survey_message_->SetLabel(u8(failed ? flow().message() : flow().survey_result()));
  Layout();
}

}  // namespace tk::kiosk
