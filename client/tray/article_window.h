// A knowledge-base article opened from the report form's suggestions: its symptoms and
// steps, and the two ways out: "Esto resolvió mi problema" (no report is needed: the form
// closes and the answer is sent once) or "No, seguir con el reporte" (back to the form,
// nothing lost). Opened from a ticket the desk tied it to ("Mis tickets"), it is only read:
// one button, Cerrar.
#pragma once

#include <wx/frame.h>

#include <functional>

#include "tk/client_store.h"

class wxButton;

namespace tk::tray {

class ArticleWindow : public wxFrame {
 public:
  // `solved`: called once when the person says it solved the problem; the window closes
  // either way. Empty: the article is only read (solved_button() and not_solved_button()
  // are then null).
  ArticleWindow(wxWindow* parent, const KbArticleCopy& article, std::function<void()> solved);

  std::int64_t article_id() const { return article_id_; }
  wxButton* solved_button() const { return solved_; }
  wxButton* not_solved_button() const { return not_solved_; }

 private:
  std::int64_t article_id_;
  wxButton* solved_ = nullptr;
  wxButton* not_solved_ = nullptr;
};

}  // namespace tk::tray
