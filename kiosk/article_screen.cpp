#include "article_screen.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/toplevel.h>

#include <algorithm>

#include "kiosk_widgets.h"

namespace tk::kiosk {

ArticleScreen::ArticleScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow,
                             std::function<void(std::int64_t)> solved)
    : KioskScreen(book, host, flow, _("This may solve it")) {
  title_ = new wxStaticText(this, wxID_ANY, "");
  title_->SetFont(title_->GetFont().Scaled(1.8f).Bold());
  body()->Add(title_, 0, wxALIGN_CENTER | wxALL, FromDIP(8));
  symptoms_ = new wxStaticText(this, wxID_ANY, "");
  symptoms_->SetFont(symptoms_->GetFont().Scaled(1.2f));
  body()->Add(symptoms_, 0, wxALIGN_CENTER | wxLEFT | wxRIGHT, FromDIP(40));
  steps_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(-1, FromDIP(300)),
                          wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
  steps_->SetFont(steps_->GetFont().Scaled(1.3f));
  body()->Add(steps_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(16));
  thanks_ = new wxStaticText(this, wxID_ANY, "");
  thanks_->SetFont(thanks_->GetFont().Scaled(1.5f).Bold());
  thanks_->SetForegroundColour(wxColour(0x1b, 0x5e, 0x20));
  body()->Add(thanks_, 0, wxALIGN_CENTER | wxALL, FromDIP(8));
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  not_solved_ = step_button(_("No, go on with the report"), [](KioskFlow& f) { f.article_not_solved(); });
  solved_ = big_button(_("This solved my problem"), [this, solved] {
    if (!this->flow().article()) return;
    solved(this->flow().article()->id);
    this->flow().article_solved();
    refresh();
  });
  done_ = step_button(_("Done"), [](KioskFlow& f) { f.home(); });
  row->Add(not_solved_, 1, wxEXPAND | wxALL, FromDIP(8));
  row->Add(solved_, 1, wxEXPAND | wxALL, FromDIP(8));
  row->Add(done_, 1, wxEXPAND | wxALL, FromDIP(8));
  body()->Add(row, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(32));
}

void ArticleScreen::refresh() {
  const auto& article = flow().article();
  if (!article) return;
  // The window's width: this page may not have been laid out yet.
  int width = std::max(FromDIP(400), wxGetTopLevelParent(this)->GetClientSize().x - FromDIP(120));
  title_->SetLabel(u8(article->title));
  title_->Wrap(width);
  symptoms_->SetLabel(u8(article->symptoms));
  symptoms_->Wrap(width);
  steps_->SetValue(u8(article->steps));
  bool thanked = flow().article_solved_said();
  thanks_->SetLabel(thanked ? _("Glad it is solved! No report is needed.") : wxString());
  solved_->Show(!thanked);
  not_solved_->Show(!thanked);
  done_->Show(thanked);
  Layout();
}

}  // namespace tk::kiosk
