// "My tickets": the list from the cache (so it opens at once, offline too) and the chosen
// ticket's detail: its timeline of levels, the service-level clock, its history and what
// the user may do now. A banner says when the data is not fresh.
#pragma once

#include <wx/frame.h>
#include <wx/weakref.h>

#include <cstdint>
#include <string>
#include <vector>

#include "article_window.h"
#include "tk/ui/ticket_view.h"
#include "tk/workflow.h"
#include "tray_controller.h"

class wxBoxSizer;
class wxButton;
class wxHyperlinkCtrl;
class wxChoice;
class wxListCtrl;
class wxListEvent;
class wxPanel;
class wxStaticText;
class wxTextCtrl;

namespace tk::tray {

class TicketsWindow : public wxFrame {
 public:
  explicit TicketsWindow(TrayController& controller);

  // Reads the cache again (after a sync, or a change the engine reported).
  void refresh();
  void select(const std::string& id);
  std::string selected() const { return selected_; }
  // For the tests: what the list shows in its status column for a row.
  std::string status_shown(const std::string& id) const;
  void act_done(const std::string& tk, const std::string& error_message);
  // The banner that says the data is not fresh (no connection), for the tests.
  bool offline_banner_shown() const;
  wxChoice* rating_field() const { return rating_; }
  wxTextCtrl* note_field() const { return note_; }
  // The button of an owner's move (or rating) for the selected ticket; null if not offered.
  wxButton* action_button(Action) const;
  std::string offline_banner_text() const;
  // The links to the knowledge-base articles the desk tied to the selected ticket, newest
  // first; open_article() is what clicking one does (null when it is not in the copy yet).
  const std::vector<wxHyperlinkCtrl*>& article_links() const { return article_links_; }
  ArticleWindow* open_article(std::int64_t id);
  wxString action_message() const;

 private:
  void show_detail();
  void on_action(const OwnerMove&);

  TrayController& controller_;
  std::vector<ui::TicketRow> rows_;
  std::string selected_;

  wxPanel* banner_ = nullptr;
  wxStaticText* banner_text_ = nullptr;
  wxListCtrl* list_ = nullptr;
  wxPanel* detail_ = nullptr;
  wxStaticText* title_ = nullptr;
  wxStaticText* status_ = nullptr;
  wxStaticText* clock_ = nullptr;
  wxBoxSizer* timeline_ = nullptr;
  wxListCtrl* history_ = nullptr;
  wxBoxSizer* articles_ = nullptr;
  std::vector<wxHyperlinkCtrl*> article_links_;
  wxWeakRef<ArticleWindow> article_;
  wxBoxSizer* actions_ = nullptr;
  wxTextCtrl* note_ = nullptr;
  // "How was the service?": beside Confirm, and on its own for a closed ticket not rated.
  wxChoice* rating_ = nullptr;
  wxStaticText* action_error_ = nullptr;
  wxStaticText* updated_ = nullptr;
};

}  // namespace tk::tray
