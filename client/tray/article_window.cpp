#include "article_window.h"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "icons.h"

namespace tk::tray {
namespace {
wxString u8(const std::string& s) { return wxString::FromUTF8(s); }
}  // namespace

ArticleWindow::ArticleWindow(wxWindow* parent, const KbArticleCopy& article, std::function<void()> solved)
    : wxFrame(parent, wxID_ANY, _("Help from the service desk"), wxDefaultPosition, wxDefaultSize,
              wxDEFAULT_FRAME_STYLE | wxFRAME_FLOAT_ON_PARENT),
      article_id_(article.id) {
  {
    wxIcon icon;
    icon.CopyFromBitmap(app_icon_bitmap(32));
    SetIcon(icon);
  }
  auto* root = new wxPanel(this);
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  const int wrap = FromDIP(520);
  auto* title = new wxStaticText(root, wxID_ANY, u8(article.title));
  title->SetFont(title->GetFont().Bold().Scaled(1.25f));
  title->Wrap(wrap);
  sizer->Add(title, 0, wxALL, 14);
  auto* symptoms = new wxStaticText(root, wxID_ANY, u8(article.symptoms));
  symptoms->Wrap(wrap);
  sizer->Add(symptoms, 0, wxLEFT | wxRIGHT | wxBOTTOM, 14);
  auto* heading = new wxStaticText(root, wxID_ANY, _("What to do"));
  heading->SetFont(heading->GetFont().Bold());
  sizer->Add(heading, 0, wxLEFT | wxRIGHT, 14);
  // Read-only text: long steps scroll, and a person can copy a path or a command from them.
  auto* steps = new wxTextCtrl(root, wxID_ANY, u8(article.steps), wxDefaultPosition, FromDIP(wxSize(520, 220)),
                               wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);
  sizer->Add(steps, 1, wxEXPAND | wxALL, 14);

  auto* buttons = new wxBoxSizer(wxHORIZONTAL);
  if (solved) {
    not_solved_ = new wxButton(root, wxID_CANCEL, _("No, go on with the report"));
    not_solved_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
    solved_ = new wxButton(root, wxID_OK, _("This solved my problem"));
    solved_->SetDefault();
    solved_->Bind(wxEVT_BUTTON, [this, solved](wxCommandEvent&) {
      Close();
      solved();
    });
    buttons->Add(not_solved_);
    buttons->AddStretchSpacer();
    buttons->Add(solved_);
  } else {
    // Read from a ticket the desk tied it to: nothing to decide, only to close.
    auto* close = new wxButton(root, wxID_CANCEL, _("Close"));
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
    close->SetDefault();
    buttons->AddStretchSpacer();
    buttons->Add(close);
  }
  sizer->Add(buttons, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 14);
  root->SetSizer(sizer);
  auto* frame_sizer = new wxBoxSizer(wxVERTICAL);
  frame_sizer->Add(root, 1, wxEXPAND);
  SetSizerAndFit(frame_sizer);
  CentreOnParent();
}

}  // namespace tk::tray
