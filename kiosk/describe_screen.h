// The report in words: a summary line, details and the person's name, typed on the
// on-screen keyboard (or a real one). The keyboard types into the field last focused.
#pragma once

#include <wx/timer.h>

#include <functional>
#include <vector>

#include "kiosk_screen.h"

class wxStaticText;
class wxTextCtrl;

namespace tk::kiosk {

class OnScreenKeyboard;

class DescribeScreen : public KioskScreen {
 public:
  // `suggest`: the knowledge base's articles for a summary (the kiosk's local copy);
  // `article`: one of them, in full.
  using Suggest = std::function<std::vector<KbSuggestion>(const std::string&)>;
  using ReadArticle = std::function<std::optional<KbArticleCopy>(std::int64_t)>;
  DescribeScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow, Suggest suggest, ReadArticle article);
  // The suggestions shown under the summary (titles), and a tap on one.
  std::vector<std::string> suggestion_titles() const;
  void open_suggestion(std::size_t index);

  wxTextCtrl* summary_field() const { return summary_; }
  wxTextCtrl* description_field() const { return description_; }
  wxTextCtrl* name_field() const { return name_; }
  wxStaticText* message() const { return message_; }
  OnScreenKeyboard* keyboard() const { return keyboard_; }
  wxButton* next_button() const { return next_; }

  void refresh() override;
  void focus() override;
  void clear() override;

 private:
  wxTextCtrl* add_field(wxSizer* grid, const wxString& caption, long style, int height);
  void refresh_suggestions();

  Suggest suggest_;
  ReadArticle read_article_;
  wxTimer suggest_timer_;
  wxPanel* suggestions_ = nullptr;
  wxStaticText* suggestions_heading_ = nullptr;
  std::vector<wxButton*> suggestion_buttons_;
  std::vector<KbSuggestion> suggested_;

  wxTextCtrl* summary_;
  wxTextCtrl* description_;
  wxTextCtrl* name_;
  wxStaticText* message_;
  OnScreenKeyboard* keyboard_ = nullptr;
  wxButton* next_;
};

}  // namespace tk::kiosk
