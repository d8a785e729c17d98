#include "tickets_window.h"

#include <algorithm>

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/hyperlink.h>
#include <wx/listctrl.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/statline.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include "icons.h"
#include "tk/time.h"

namespace tk::tray {
namespace {
const wxColour kErrorColour(0xb3, 0x1b, 0x1b);
const wxColour kWaitingColour(0x80, 0x5b, 0x00);

wxString u8(const std::string& s) { return wxString::FromUTF8(s); }

enum Column { ColId, ColSummary, ColStatus, ColDue, ColUpdated };

}  // namespace

TicketsWindow::TicketsWindow(TrayController& controller)
    : wxFrame(nullptr, wxID_ANY, _("My tickets"), wxDefaultPosition, wxSize(980, 680)), controller_(controller) {
  {
    wxIcon icon;
    icon.CopyFromBitmap(app_icon_bitmap(32));
    SetIcon(icon);
  }
  auto* root = new wxPanel(this);
  auto* sizer = new wxBoxSizer(wxVERTICAL);

  banner_ = new wxPanel(root);
  banner_->SetBackgroundColour(wxColour(0xff, 0xf1, 0xc2));
  banner_text_ = new wxStaticText(banner_, wxID_ANY, "");
  banner_text_->SetForegroundColour(wxColour(0x5c, 0x3d, 0x00));
  auto* banner_sizer = new wxBoxSizer(wxHORIZONTAL);
  banner_sizer->Add(banner_text_, 1, wxALL, 8);
  banner_->SetSizer(banner_sizer);
  sizer->Add(banner_, 0, wxEXPAND);

  auto* splitter = new wxSplitterWindow(root, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE);
  list_ = new wxListCtrl(splitter, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
  list_->AppendColumn(_("Ticket"), wxLIST_FORMAT_LEFT, FromDIP(130));
  list_->AppendColumn(_("Summary"), wxLIST_FORMAT_LEFT, FromDIP(300));
  list_->AppendColumn(_("Status"), wxLIST_FORMAT_LEFT, FromDIP(260));
  list_->AppendColumn(_("Due"), wxLIST_FORMAT_LEFT, FromDIP(120));
  list_->AppendColumn(_("Last change"), wxLIST_FORMAT_LEFT, FromDIP(120));
  list_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& e) {
    auto index = static_cast<std::size_t>(e.GetIndex());
    if (index < rows_.size()) {
      selected_ = rows_[index].id;
      show_detail();
    }
  });

  detail_ = new wxPanel(splitter);
  auto* d = new wxBoxSizer(wxVERTICAL);
  title_ = new wxStaticText(detail_, wxID_ANY, "");
  title_->SetFont(title_->GetFont().Scaled(1.25f).Bold());
  status_ = new wxStaticText(detail_, wxID_ANY, "");
  status_->SetFont(status_->GetFont().Scaled(1.1f));
  clock_ = new wxStaticText(detail_, wxID_ANY, "");
  d->Add(title_, 0, wxLEFT | wxRIGHT | wxTOP, 10);
  d->Add(status_, 0, wxLEFT | wxRIGHT | wxTOP, 10);
  d->Add(clock_, 0, wxLEFT | wxRIGHT | wxTOP, 10);
  timeline_ = new wxBoxSizer(wxHORIZONTAL);
  d->Add(timeline_, 0, wxEXPAND | wxALL, 10);
  history_ = new wxListCtrl(detail_, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_NO_HEADER);
  history_->AppendColumn("", wxLIST_FORMAT_LEFT, FromDIP(130));
  history_->AppendColumn("", wxLIST_FORMAT_LEFT, FromDIP(640));
  d->Add(history_, 1, wxEXPAND | wxLEFT | wxRIGHT, 10);
  // The knowledge-base articles the desk tied to the case, as links to read them here.
  articles_ = new wxBoxSizer(wxVERTICAL);
  d->Add(articles_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);
  auto* act_row = new wxBoxSizer(wxHORIZONTAL);
  note_ = new wxTextCtrl(detail_, wxID_ANY);
  note_->SetHint(_("Your answer or comment"));
  rating_ = new wxChoice(detail_, wxID_ANY);
  rating_->Append(_("How was the service?"));
  for (const auto& entry : rating_scale()) rating_->Append(u8(rating_label(entry.value, controller_.language())));
  rating_->SetSelection(0);
  rating_->Hide();
  // The text on a line of its own (an answer can be long), the rating and the moves below.
  d->Add(note_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);
  act_row->Add(rating_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
  act_row->AddStretchSpacer();
  actions_ = new wxBoxSizer(wxHORIZONTAL);
  act_row->Add(actions_);
  d->Add(act_row, 0, wxEXPAND | wxALL, 10);
  action_error_ = new wxStaticText(detail_, wxID_ANY, "");
  action_error_->SetForegroundColour(kErrorColour);
  d->Add(action_error_, 0, wxLEFT | wxRIGHT | wxBOTTOM, 10);
  detail_->SetSizer(d);
  splitter->SplitHorizontally(list_, detail_, FromDIP(230));
  splitter->SetMinimumPaneSize(FromDIP(120));
  sizer->Add(splitter, 1, wxEXPAND);

  auto* footer = new wxBoxSizer(wxHORIZONTAL);
  updated_ = new wxStaticText(root, wxID_ANY, "");
  footer->Add(updated_, 1, wxALIGN_CENTER_VERTICAL);
  auto* sync = new wxButton(root, wxID_REFRESH, _("Sync now"));
  sync->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { controller_.sync_now(); });
  footer->Add(sync);
  sizer->Add(footer, 0, wxEXPAND | wxALL, 8);
  root->SetSizer(sizer);
  refresh();
  Centre();
}

void TicketsWindow::refresh() {
  auto tr = controller_.translate();
  struct CacheView {
    std::vector<ui::TicketRow> rows;
    std::int64_t confirmed = 0;
    std::optional<std::string> sent_as;  // the TK a selected queued report got since
  };
  auto view = controller_.with_cache([&](ClientStore& store) {
    CacheView v;
    v.rows = ui::ticket_rows(store.outbox(), store.tickets(), now_seconds(), controller_.language(), tr,
                             store.identity(), store.actions());
    v.confirmed = store.last_confirmed_at();
    if (selected_.rfind("L-", 0) == 0) v.sent_as = store.tk_for_local_id(selected_);
    return v;
  });
  if (!view) {
    // What the window would have listed, it cannot: it says so in the banner and keeps the
    // last list it showed.
    banner_text_->SetLabel(u8(view.error().message_in(controller_.language())));
    banner_->Show();
    banner_->GetParent()->Layout();
    return;
  }
  rows_ = std::move(view->rows);
  list_->Freeze();
  list_->DeleteAllItems();
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    const auto& r = rows_[i];
    long item = list_->InsertItem(static_cast<long>(i), u8(r.id));
    list_->SetItem(item, ColSummary, u8(r.summary));
    list_->SetItem(item, ColStatus, u8(r.status));
    list_->SetItem(item, ColDue, u8(r.due));
    list_->SetItem(item, ColUpdated, u8(r.updated));
    if (r.breached || r.refused) list_->SetItemTextColour(item, kErrorColour);
    if (r.queued) list_->SetItemTextColour(item, kWaitingColour);
  }
  list_->Thaw();

  std::int64_t confirmed = view->confirmed;
  updated_->SetLabel(u8(ui::updated_text(confirmed, tr)));
  const auto& status = controller_.status();
  bool offline = status.known && !status.online;
  banner_text_->SetLabel(offline ? u8(ui::format(tr(N_("No connection: showing what the server last confirmed ({})."
                                                       " New reports are kept and sent later.")),
                                                 {ui::local_time(confirmed)}))
                                 : wxString());
  banner_->Show(offline);
  banner_->GetParent()->Layout();
  // A queued report that was sent since: follow it under its TK.
  if (view->sent_as) selected_ = *view->sent_as;
  if (rows_.empty()) {
    selected_.clear();
  } else if (selected_.empty()) {
    selected_ = rows_.front().id;
  }
  select(selected_);
  Layout();
}

bool TicketsWindow::offline_banner_shown() const { return banner_->IsShown(); }

std::string TicketsWindow::offline_banner_text() const { return std::string(banner_text_->GetLabel().utf8_str()); }

wxString TicketsWindow::action_message() const { return action_error_->GetLabel(); }

void TicketsWindow::select(const std::string& id) {
  selected_ = id;
  for (std::size_t i = 0; i < rows_.size(); ++i)
    if (rows_[i].id == id) {
      list_->SetItemState(static_cast<long>(i), wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                          wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
      list_->EnsureVisible(static_cast<long>(i));
    }
  show_detail();
}

std::string TicketsWindow::status_shown(const std::string& id) const {
  for (std::size_t i = 0; i < rows_.size(); ++i)
    if (rows_[i].id == id) return std::string(list_->GetItemText(static_cast<long>(i), ColStatus).utf8_str());
  return {};
}

void TicketsWindow::show_detail() {
  auto tr = controller_.translate();
  timeline_->Clear(true);
  actions_->Clear(true);
  articles_->Clear(true);
  article_links_.clear();
  history_->DeleteAllItems();
  action_error_->SetLabel("");
  action_error_->SetForegroundColour(kErrorColour);
  auto read = controller_.with_cache(
      [&](ClientStore& store) { return is_well_formed_tk(selected_) ? store.ticket(selected_) : std::nullopt; });
  if (!read) {
    title_->SetLabel(u8(selected_));
    status_->SetLabel(u8(read.error().message_in(controller_.language())));
    detail_->Layout();
    return;
  }
  auto cached = std::move(*read);
  if (!cached) {
    bool queued = !selected_.empty();
    title_->SetLabel(queued ? u8(selected_) : _("You have no tickets yet"));
    status_->SetLabel(queued ? _("Saved on this computer; it will be sent when the connection is back.") : wxString());
    bool refused = false, other_identity = false;
    for (const auto& r : rows_)
      if (r.id == selected_) {
        status_->SetLabel(u8(r.status));
        refused = r.refused;
        other_identity = r.other_identity;
      }
    clock_->SetLabel("");
    note_->Hide();
    if (other_identity)
      clock_->SetLabel(
          _("This report was saved while the tray used another server or token, and it is sent only "
            "under them. Discard it if you no longer need it."));
    if (refused || other_identity) {
      // The server's reason, and the way out: file it again from the menu, or drop it.
      auto entry = controller_.with_cache([&](ClientStore& store) { return store.outbox_entry(selected_); });
      if (entry && *entry && refused) clock_->SetLabel(u8((*entry)->refusal.message_in(controller_.language())));
      auto* discard = new wxButton(detail_, wxID_ANY, _("Discard this report"));
      std::string id = selected_;
      discard->Bind(wxEVT_BUTTON, [this, id](wxCommandEvent&) {
        auto discarded = controller_.with_cache([&](ClientStore&) {
          controller_.engine().discard(id);
          return true;
        });
        if (!discarded) {
          action_error_->SetLabel(u8(discarded.error().message_in(controller_.language())));
          return;
        }
        selected_.clear();
        refresh();
      });
      actions_->Add(discard);
    }
    detail_->Layout();
    return;
  }
  const Ticket& t = cached->ticket;
  title_->SetLabel(u8(t.tk + " — " + t.summary));
  status_->SetLabel(u8(ui::status_text(t.status, t.visible_level(), t.resolution, controller_.language())));
  clock_->SetLabel(u8(ui::service_level_text(t, now_seconds(), tr) + "   ·   " +
                      ui::format(tr(N_("Confirmed by the server: {}")), {ui::local_time(cached->confirmed_at)})));
  auto steps = ui::timeline(t, tr);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto& step = steps[i];
    auto* box = new wxBoxSizer(wxVERTICAL);
    auto* mark = new wxStaticText(detail_, wxID_ANY, step.reached ? wxString::FromUTF8("●") : wxString::FromUTF8("○"));
    mark->SetForegroundColour(step.current   ? wxColour(0x23, 0x4e, 0x8c)
                              : step.reached ? wxColour(0x1b, 0x7f, 0x3b)
                                             : wxColour(0x9a, 0x9a, 0x9a));
    mark->SetFont(mark->GetFont().Scaled(1.6f));
    auto* label = new wxStaticText(detail_, wxID_ANY, u8(step.label), wxDefaultPosition, wxDefaultSize,
                                   wxALIGN_CENTRE_HORIZONTAL);
    if (step.current) label->SetFont(label->GetFont().Bold());
    if (!step.reached) label->SetForegroundColour(wxColour(0x80, 0x80, 0x80));
    label->Wrap(FromDIP(110));
    box->Add(mark, 0, wxALIGN_CENTER);
    box->Add(label, 0, wxALIGN_CENTER);
    if (step.at) box->Add(new wxStaticText(detail_, wxID_ANY, u8(ui::local_time(step.at))), 0, wxALIGN_CENTER);
    timeline_->Add(box, 1, wxEXPAND);
    if (i + 1 < steps.size()) timeline_->Add(new wxStaticText(detail_, wxID_ANY, wxString::FromUTF8("›")), 0, wxTOP, 6);
  }
  std::vector<std::int64_t> linked;
  for (auto it = t.history.rbegin(); it != t.history.rend(); ++it) {
    long item = history_->InsertItem(history_->GetItemCount(), u8(ui::local_time(it->at)));
    std::string what = ui::status_text(it->to_status, it->to_level, Resolution::None, controller_.language());
    if (it->action == Action::Comment) what = tr(N_("Comment"));
    if (it->action == Action::LinkArticle) what = tr(N_("Help article added"));
    if (!it->note.empty()) what += ": " + it->note;
    history_->SetItem(item, 1, u8(what));
    if (it->action != Action::LinkArticle) continue;
    for (const auto& change : it->changes)
      if (change.field == "article" && !change.to.empty() && change.to.size() < 10 &&
          change.to.find_first_not_of("0123456789") == std::string::npos) {
        std::int64_t id = std::stoll(change.to);
        if (std::find(linked.begin(), linked.end(), id) != linked.end()) continue;
        linked.push_back(id);
        // The title the desk saw when it linked it (the history's note), the article's own
        // once the copy of the knowledge base has it.
        auto copy = controller_.with_cache([&](ClientStore& store) { return store.kb_article(id); });
        std::string title = copy && *copy ? (*copy)->title : it->note;
        if (title.empty()) title = "#" + change.to;
        auto* link = new wxHyperlinkCtrl(detail_, wxID_ANY, u8(ui::format(tr(N_("Help article: {}")), {title})), "");
        link->Bind(wxEVT_HYPERLINK, [this, id](wxHyperlinkEvent&) { open_article(id); });
        articles_->Add(link, 0, wxBOTTOM, 4);
        article_links_.push_back(link);
      }
  }
  // The user's own action on it still waiting (or refused): said instead of new buttons, so
  // that the same confirmation is not queued twice.
  auto waiting = controller_.with_cache([&](ClientStore& store) {
    std::optional<QueuedAction> last;
    for (auto& a : store.actions())
      if (a.tk == t.tk && !a.filed_under_other_identity(store.identity())) last = std::move(a);
    return last;
  });
  if (waiting && *waiting) {
    const QueuedAction& action = **waiting;
    note_->Hide();
    rating_->Hide();
    action_error_->SetLabel(u8(ui::waiting_action_text(action, controller_.language(), tr)));
    // Waiting is not a failure: the amber of queued rows, red only for a refusal.
    if (action.state == OutboxState::Pending) action_error_->SetForegroundColour(kWaitingColour);
    if (action.state == OutboxState::Refused) {
      auto* dismiss = new wxButton(detail_, wxID_ANY, _("Dismiss"));
      std::string id = action.local_id;
      dismiss->Bind(wxEVT_BUTTON, [this, id](wxCommandEvent&) {
        controller_.with_cache([&](ClientStore&) { return controller_.engine().discard_action(id); });
        refresh();
      });
      actions_->Add(dismiss);
    }
    detail_->Layout();
    return;
  }
  auto moves = owner_moves(t);
  // A rating goes with the confirmation, or alone for a closed ticket not rated yet.
  bool rate_alone = may_rate(t, now_seconds());
  if (rate_alone) moves.push_back(OwnerMove{Action::Rate, Needs::Rating});
  bool with_rating = rate_alone || t.status == Status::Resolved;
  note_->Show(!moves.empty());
  rating_->Show(with_rating);
  if (with_rating) rating_->SetSelection(0);
  for (const auto& move : moves) {
    auto* button = new wxButton(detail_, wxID_ANY, u8(ui::action_text(move.action, tr)));
    button->SetName(std::string(to_string(move.action)));
    button->Bind(wxEVT_BUTTON, [this, move](wxCommandEvent&) { on_action(move); });
    actions_->Add(button, 0, wxLEFT, 4);
  }
  detail_->Layout();
}

wxButton* TicketsWindow::action_button(Action action) const {
  for (auto* item : actions_->GetChildren())
    if (auto* button = dynamic_cast<wxButton*>(item->GetWindow());
        button && button->GetName() == wxString(std::string(to_string(action))))
      return button;
  return nullptr;
}

void TicketsWindow::on_action(const OwnerMove& move) {
  EventRequest request;
  request.action = move.action;
  request.note = std::string(note_->GetValue().utf8_str());
  if (move.needs == Needs::Note && request.note.empty()) {
    action_error_->SetLabel(_("Write your answer or comment first."));
    detail_->Layout();
    return;
  }
  // Choice 1 is 5 (excellent) down to choice 5, 1 (very poor); 0 is "not rated".
  int chosen = rating_->IsShown() ? rating_->GetSelection() : 0;
  if (chosen > 0 && (move.action == Action::Confirm || move.action == Action::Rate)) {
    request.rating = 6 - chosen;
    request.comment = request.note;
    request.note.clear();
  }
  if (move.needs == Needs::Rating && !request.rating) {
    action_error_->SetLabel(_("Choose how the service was first."));
    detail_->Layout();
    return;
  }
  action_error_->SetLabel(_("Sending..."));
  controller_.act_in_background(this, selected_, request);
}

void TicketsWindow::act_done(const std::string& tk, const std::string& error_message) {
  if (error_message.empty()) {
    note_->Clear();
    refresh();
    select(tk);
    return;
  }
  action_error_->SetLabel(u8(error_message));
  detail_->Layout();
}

ArticleWindow* TicketsWindow::open_article(std::int64_t id) {
  auto copy = controller_.with_cache([&](ClientStore& store) { return store.kb_article(id); });
  if (!copy || !*copy) {
    // Linked as a draft, or not yet copied to this computer: said, not a blank window.
    action_error_->SetForegroundColour(kWaitingColour);
    action_error_->SetLabel(_("This article is not on this computer yet; it arrives with the next update."));
    detail_->Layout();
    return nullptr;
  }
  if (article_) article_->Destroy();
  article_ = new ArticleWindow(this, **copy, nullptr);
  article_->Show();
  article_->Raise();
  return article_.get();
}

}  // namespace tk::tray
