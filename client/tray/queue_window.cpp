#include "queue_window.h"

#include <wx/button.h>
#include <wx/listctrl.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include "icons.h"
#include "tk/service_level.h"
#include "tk/time.h"

namespace tk::tray {
namespace {

wxString u8(const std::string& s) { return wxString::FromUTF8(s); }

enum Column { ColId, ColPriority, ColDue, ColStatus, ColHolder, ColSummary };

const wxColour kLate(0xb3, 0x1b, 0x1b);
const wxColour kSoon(0x8a, 0x4b, 0x00);

}  // namespace

QueueWindow::QueueWindow(TrayController& controller)
    : wxFrame(nullptr, wxID_ANY, _("My queue"), wxDefaultPosition, wxSize(1140, 520)), controller_(controller) {
  {
    wxIcon icon;
    icon.CopyFromBitmap(app_icon_bitmap(32));
    SetIcon(icon);
  }
  auto* root = new wxPanel(this);
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  heading_ = new wxStaticText(root, wxID_ANY, "");
  heading_->SetFont(heading_->GetFont().Scaled(1.1f).Bold());
  sizer->Add(heading_, 0, wxALL, 10);

  list_ = new wxListCtrl(root, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
  list_->AppendColumn(_("Ticket"), wxLIST_FORMAT_LEFT, FromDIP(125));
  list_->AppendColumn(_("Priority"), wxLIST_FORMAT_LEFT, FromDIP(80));
  list_->AppendColumn(_("Due"), wxLIST_FORMAT_LEFT, FromDIP(165));
  list_->AppendColumn(_("Status"), wxLIST_FORMAT_LEFT, FromDIP(285));
  list_->AppendColumn(_("Group / assigned to"), wxLIST_FORMAT_LEFT, FromDIP(160));
  list_->AppendColumn(_("Summary"), wxLIST_FORMAT_LEFT, FromDIP(300));
  list_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { take_->Enable(); });
  sizer->Add(list_, 1, wxEXPAND | wxLEFT | wxRIGHT, 10);

  auto* footer = new wxBoxSizer(wxHORIZONTAL);
  message_ = new wxStaticText(root, wxID_ANY, "");
  footer->Add(message_, 1, wxALIGN_CENTER_VERTICAL);
  take_ = new wxButton(root, wxID_ANY, _("Take"));
  take_->SetToolTip(_("Assign the chosen ticket to me"));
  take_->Disable();
  take_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
    long index = list_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    if (index < 0 || static_cast<std::size_t>(index) >= shown_.size()) return;
    show_message(controller_.translate()(N_("Sending...")), false);
    controller_.desk_act(shown_[static_cast<std::size_t>(index)], EventRequest{Action::Take});
  });
  footer->Add(take_, 0, wxRIGHT, 8);
  auto* update = new wxButton(root, wxID_REFRESH, _("Update"));
  update->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { controller_.refresh_queue(); });
  footer->Add(update);
  sizer->Add(footer, 0, wxEXPAND | wxALL, 10);
  root->SetSizer(sizer);
  refresh();
  Centre();
}

void QueueWindow::refresh() {
  auto tr = controller_.translate();
  const Identity& me = controller_.identity();
  std::string heading = me.group.empty()
                            ? tr(N_("Tickets assigned to me"))
                            : ui::format(tr(N_("Tickets assigned to me and to my group ({})")), {me.group});
  heading_->SetLabel(u8(heading));
  std::string keep;
  if (long index = list_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
      index >= 0 && static_cast<std::size_t>(index) < shown_.size())
    keep = shown_[static_cast<std::size_t>(index)];
  list_->DeleteAllItems();
  shown_.clear();
  std::int64_t now = now_seconds();
  const auto& queue = controller_.queue();
  for (const auto& t : queue) {
    long row = list_->InsertItem(list_->GetItemCount(), u8(t.tk));
    list_->SetItem(row, ColPriority, u8("P" + std::to_string(t.priority)));
    bool late = is_breached(t, now);
    bool paused = !t.stages.empty() && t.stages.back().paused_since != 0;
    std::string due = ui::service_level_text(t, now, tr);
    list_->SetItem(row, ColDue, u8(due));
    list_->SetItem(row, ColStatus,
                   u8(ui::status_text(t.status, t.visible_level(), t.resolution, controller_.language())));
    list_->SetItem(
        row, ColHolder,
        u8((t.group.empty() ? "—" : t.group) + " / " + (t.assignee.empty() ? tr(N_("nobody")) : t.assignee)));
    list_->SetItem(row, ColSummary, u8(t.summary));
    if (late)
      list_->SetItemTextColour(row, kLate);
    else if (!paused && t.sla_due_at - now <= 30 * 60)
      list_->SetItemTextColour(row, kSoon);
    shown_.push_back(t.tk);
  }
  if (queue.empty())
    show_message(tr(N_("Nothing in your queue.")), false);
  else if (controller_.queue_read_at())
    show_message(ui::format(tr(N_("Updated: {}")), {ui::local_time(controller_.queue_read_at())}), false);
  if (!keep.empty()) select(keep);
  take_->Enable(list_->GetSelectedItemCount() > 0);
  Layout();
}

void QueueWindow::select(const std::string& tk) {
  for (std::size_t i = 0; i < shown_.size(); ++i)
    if (shown_[i] == tk) {
      list_->SetItemState(static_cast<long>(i), wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                          wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
      list_->EnsureVisible(static_cast<long>(i));
    }
}

void QueueWindow::show_message(const std::string& text, bool failure) {
  message_->SetForegroundColour(failure ? kLate : GetForegroundColour());
  message_->SetLabel(u8(text));
  Layout();
}

std::string QueueWindow::due_text(const std::string& tk) const {
  for (std::size_t i = 0; i < shown_.size(); ++i)
    if (shown_[i] == tk) return list_->GetItemText(static_cast<long>(i), ColDue).utf8_string();
  return {};
}

}  // namespace tk::tray
