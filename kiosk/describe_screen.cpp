#include "describe_screen.h"

#include <wx/button.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <algorithm>

#include "kiosk_widgets.h"
#include "tk/text.h"

namespace tk::kiosk {

DescribeScreen::DescribeScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow, Suggest suggest, ReadArticle article)
    : KioskScreen(book, host, flow, _("Tell us what happens")),
      suggest_(std::move(suggest)),
      read_article_(std::move(article)) {
  auto* grid = new wxFlexGridSizer(2, wxSize(FromDIP(12), FromDIP(8)));
  grid->AddGrowableCol(1, 1);
  int touch = touch_px(this);
  summary_ = add_field(grid, _("In one line"), 0, touch);
  description_ = add_field(grid, _("More details (optional)"), wxTE_MULTILINE, touch * 3 / 2);
  name_ = add_field(grid, _("Your name (optional)"), 0, touch);
  body()->Add(grid, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(40));
  // Articles that may solve it, from the kiosk's copy of the knowledge base, as the summary
  // is typed: one row of buttons, hidden while there are none.
  suggestions_ = new wxPanel(this);
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  // Their place is kept while there are none: the keyboard must not move under a finger.
  suggestions_heading_ = new wxStaticText(suggestions_, wxID_ANY, _("Maybe this helps:"));
  suggestions_heading_->SetFont(suggestions_heading_->GetFont().Scaled(1.2f).Bold());
  row->Add(suggestions_heading_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT | wxRESERVE_SPACE_EVEN_IF_HIDDEN, FromDIP(8));
  suggestions_heading_->Hide();
  for (std::size_t i = 0; i < 3; ++i) {
    auto* button = make_big_button(host, suggestions_, "", [this, i] { open_suggestion(i); });
    button->SetFont(button->GetFont().Scaled(0.8f));
    button->SetMinSize(wxSize(-1, touch));
    row->Add(button, 1, wxEXPAND | wxRIGHT | wxRESERVE_SPACE_EVEN_IF_HIDDEN, FromDIP(6));
    button->Hide();
    suggestion_buttons_.push_back(button);
  }
  suggestions_->SetSizer(row);
  body()->Add(suggestions_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(6));
  suggest_timer_.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { refresh_suggestions(); });
  summary_->Bind(wxEVT_TEXT, [this](wxCommandEvent& e) {
    suggest_timer_.StartOnce(300);
    e.Skip();
  });
  message_ = new wxStaticText(this, wxID_ANY, "");
  message_->SetForegroundColour(warning_colour());
  message_->SetFont(message_->GetFont().Scaled(1.3f));
  body()->Add(message_, 0, wxALIGN_CENTER | wxTOP, FromDIP(6));
  // The keyboard and, beside it, the way on: a screen 800 pixels high has room for both.
  auto* bottom = new wxBoxSizer(wxHORIZONTAL);
  keyboard_ = new OnScreenKeyboard(this, host);
  bottom->Add(keyboard_, 0, wxALIGN_BOTTOM);
  next_ = big_button(_("Continue"), [this] {
    this->flow().set_description(utf8(summary_->GetValue()), utf8(description_->GetValue()), utf8(name_->GetValue()));
    this->host().show_screen();
  });
  bottom->Add(next_, 0, wxALIGN_BOTTOM | wxLEFT, FromDIP(16));
  body()->Add(bottom, 0, wxALIGN_CENTER | wxTOP, FromDIP(6));
  keyboard_->set_target(summary_);
}

wxTextCtrl* DescribeScreen::add_field(wxSizer* grid, const wxString& caption, long style, int height) {
  auto* l = new wxStaticText(this, wxID_ANY, caption);
  l->SetFont(l->GetFont().Scaled(1.3f));
  grid->Add(l, 0, wxALIGN_CENTER_VERTICAL);
  auto* text = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(-1, height), style);
  text->SetFont(text->GetFont().Scaled(1.4f));
  text->Bind(wxEVT_SET_FOCUS, [this, text](wxFocusEvent& e) {
    if (keyboard_) keyboard_->set_target(text);
    e.Skip();
  });
  text->Bind(wxEVT_TEXT, [this](wxCommandEvent& e) {
    host().touched();
    e.Skip();
  });
  grid->Add(text, 1, wxEXPAND);
  return text;
}

void DescribeScreen::refresh() { message_->SetLabel(u8(flow().message())); }

void DescribeScreen::refresh_suggestions() {
  suggested_ = suggest_ ? suggest_(utf8(summary_->GetValue())) : std::vector<KbSuggestion>{};
  if (suggested_.size() > suggestion_buttons_.size()) suggested_.resize(suggestion_buttons_.size());
  int width = std::max(FromDIP(200), (GetClientSize().x - FromDIP(260)) / 3);
  for (std::size_t i = 0; i < suggestion_buttons_.size(); ++i) {
    bool shown = i < suggested_.size();
    if (shown) suggestion_buttons_[i]->SetLabel(u8(utf8_truncate(suggested_[i].title, 48)));
    suggestion_buttons_[i]->SetMaxSize(wxSize(width, -1));
    suggestion_buttons_[i]->Show(shown);
  }
  suggestions_heading_->Show(!suggested_.empty());
  suggestions_->Layout();
}

std::vector<std::string> DescribeScreen::suggestion_titles() const {
  std::vector<std::string> titles;
  if (!suggestions_heading_->IsShown()) return titles;
  for (const auto& s : suggested_) titles.push_back(s.title);
  return titles;
}

void DescribeScreen::open_suggestion(std::size_t index) {
  if (index >= suggested_.size() || !read_article_) return;
  auto article = read_article_(suggested_[index].id);
  if (!article) return;
  flow().open_article(std::move(*article));
  host().show_screen();
}

void DescribeScreen::focus() {
  if (keyboard_->target()) keyboard_->target()->SetFocus();
}

void DescribeScreen::clear() {
  for (auto* field : {summary_, description_, name_}) field->Clear();
  message_->SetLabel("");
  suggest_timer_.Stop();
  suggested_.clear();
  suggestions_heading_->Hide();
  for (auto* button : suggestion_buttons_) button->Hide();
}

}  // namespace tk::kiosk
