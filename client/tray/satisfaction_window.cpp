#include "satisfaction_window.h"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/intl.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "icons.h"
#include "tk/ui/text.h"

namespace tk::tray {
namespace {
wxString u8(const std::string& s) { return wxString::FromUTF8(s); }
}  // namespace

SatisfactionWindow::SatisfactionWindow(TrayController& controller, const Ticket& ticket)
    : wxFrame(nullptr, wxID_ANY, _("Is it solved?"), wxDefaultPosition, wxDefaultSize,
              wxDEFAULT_FRAME_STYLE & ~(wxRESIZE_BORDER | wxMAXIMIZE_BOX)),
      controller_(controller),
      tk_(ticket.tk) {
  {
    wxIcon icon;
    icon.CopyFromBitmap(app_icon_bitmap(32));
    SetIcon(icon);
  }
  auto* root = new wxPanel(this);
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  const int wrap = FromDIP(460);

  auto* question = new wxStaticText(root, wxID_ANY, _("Is it solved?"));
  question->SetFont(question->GetFont().Bold().Scaled(1.4f));
  sizer->Add(question, 0, wxLEFT | wxRIGHT | wxTOP, 14);
  auto* title = new wxStaticText(root, wxID_ANY, u8(ticket.tk + " — " + ticket.summary));
  title->SetFont(title->GetFont().Bold());
  title->Wrap(wrap);
  sizer->Add(title, 0, wxALL, 14);
  std::string solution = ticket.resolution_notes.empty()
                             ? std::string(_("The service desk marked it as resolved.").utf8_str())
                             : ui::format(std::string(_("The service desk marked it as resolved: «{}»").utf8_str()),
                                          {ticket.resolution_notes});
  auto* said = new wxStaticText(root, wxID_ANY, u8(solution));
  said->Wrap(wrap);
  sizer->Add(said, 0, wxLEFT | wxRIGHT | wxBOTTOM, 14);

  auto* form = new wxFlexGridSizer(2, FromDIP(8), FromDIP(10));
  form->AddGrowableCol(1);
  form->Add(new wxStaticText(root, wxID_ANY, _("How was the service?")), 0, wxALIGN_CENTER_VERTICAL);
  rating_ = new wxChoice(root, wxID_ANY);
  rating_->Append(_("Choose a rating (optional)"));
  for (const auto& entry : rating_scale()) rating_->Append(u8(rating_label(entry.value, controller.language())));
  rating_->SetSelection(0);
  form->Add(rating_, 1, wxEXPAND);
  form->Add(new wxStaticText(root, wxID_ANY, _("Comment (optional)")), 0, wxALIGN_TOP | wxTOP, 4);
  comment_ = new wxTextCtrl(root, wxID_ANY, "", wxDefaultPosition, wxSize(-1, FromDIP(70)), wxTE_MULTILINE);
  form->Add(comment_, 1, wxEXPAND);
  sizer->Add(form, 0, wxEXPAND | wxLEFT | wxRIGHT, 14);

  message_ = new wxStaticText(root, wxID_ANY, "");
  message_->SetForegroundColour(wxColour(0xb3, 0x1b, 0x1b));
  sizer->Add(message_, 0, wxALL, 14);

  auto* buttons = new wxBoxSizer(wxHORIZONTAL);
  auto* later = new wxButton(root, wxID_CANCEL, _("Later"));
  later->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
  not_solved_ = new wxButton(root, wxID_ANY, _("No, the problem goes on"));
  not_solved_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { send(Action::Reopen); });
  solved_ = new wxButton(root, wxID_OK, _("Yes, it is solved"));
  solved_->SetDefault();
  solved_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { send(Action::Confirm); });
  buttons->Add(later);
  buttons->AddStretchSpacer();
  buttons->Add(not_solved_, 0, wxRIGHT, 8);
  buttons->Add(solved_);
  sizer->Add(buttons, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 14);

  root->SetSizer(sizer);
  auto* frame_sizer = new wxBoxSizer(wxVERTICAL);
  frame_sizer->Add(root, 1, wxEXPAND);
  SetSizerAndFit(frame_sizer);
  Centre();
}

std::string SatisfactionWindow::message() const { return std::string(message_->GetLabel().utf8_str()); }

void SatisfactionWindow::send(Action action) {
  EventRequest request;
  request.action = action;
  std::string text = std::string(comment_->GetValue().utf8_str());
  if (action == Action::Reopen) {
    // What still fails is the desk's next lead; the rating waits for the real solution.
    if (text.empty()) {
      message_->SetLabel(_("Tell the service desk what still fails."));
      Layout();
      return;
    }
    request.note = text;
  } else {
    int chosen = rating_->GetSelection();  // 1 is 5 (excellent) down to 5, 1 (very poor)
    if (chosen > 0) request.rating = 6 - chosen;
    request.comment = text;
  }
  solved_->Disable();
  not_solved_->Disable();
  message_->SetForegroundColour(wxColour(0x55, 0x55, 0x55));
  message_->SetLabel(_("Sending..."));
  Layout();
  controller_.act_in_background(this, tk_, request);
}

void SatisfactionWindow::answered(const std::string& error_message) {
  if (error_message.empty()) {
    Close();
    return;
  }
  solved_->Enable();
  not_solved_->Enable();
  message_->SetForegroundColour(wxColour(0xb3, 0x1b, 0x1b));
  message_->SetLabel(u8(error_message));
  message_->Wrap(FromDIP(460));
  Fit();
}

}  // namespace tk::tray
