// The report window: a fault, a service request, or (a shorter form with guidance) a
// security incident. It only moves values between its widgets and ReportFormLogic, and
// hands the report to file_report() on a worker thread; the answer comes back through
// CallAfter to this window only if it still exists.
#pragma once

#include <wx/frame.h>
#include <wx/timer.h>
#include <wx/weakref.h>

#include <optional>
#include <string>

#include "screenshot.h"
#include "tk/sync_engine.h"
#include "tk/ui/report_form.h"
#include "tray_controller.h"

class wxBoxSizer;
class wxButton;
class wxCheckBox;
class wxChoice;
class wxPanel;
class wxScrolledWindow;
class wxSizer;
class wxStaticBitmap;
class wxStaticText;
class wxTextCtrl;

namespace tk::tray {

class ReportWindow : public wxFrame {
 public:
  ReportWindow(TrayController& controller, ReportKind kind, std::optional<Screenshot> screenshot, int number);
  int number() const { return number_; }

  ReportKind kind() const { return kind_; }
  // For tests and the controller: where the report stands.
  enum class Stage { Editing, Sending, Sent, Queued };
  Stage stage() const { return stage_; }
  std::string shown_tk() const { return shown_tk_; }
  std::string local_id() const { return local_id_; }
  // A queued report of this window reached the server.
  void report_sent(const std::string& local_id, const std::string& tk);
  // The server said who the token belongs to: fills the name if the user has not.
  void identity_known(const Identity&);
  // The answer of file_report() for what this window sent.
  void on_filed(const FiledReport&);

  // Widgets the GUI tests drive.
  wxTextCtrl* summary_field() const { return summary_; }
  wxTextCtrl* description_field() const { return description_; }
  wxChoice* category_field() const { return category_; }
  wxButton* send_button() const { return send_; }
  wxStaticText* error_label(const std::string& field) const;
  // The knowledge base's suggestions for what the summary says (up to three), and the
  // article opened from one of them.
  std::vector<std::string> suggestion_titles() const;
  class ArticleWindow* open_suggestion(std::size_t index);
  class ArticleWindow* article_window() const {
    return article_.get();
  }
  // The person said an article solved it: the form closed without a report.
  bool deflected() const { return deflected_; }

 private:
  void build_form();
  void build_security_guidance(wxSizer* outer);
  void build_questions(wxSizer* outer);
  void build_contact(wxSizer* outer);
  void build_device(wxSizer* outer);
  void build_attachments(wxSizer* outer);
  void build_buttons(wxSizer* outer);
  void refresh_suggestions();
  void build_result();
  void fit_to_content();
  ui::ReportForm read_form() const;
  bool show_problems(const std::map<std::string, std::string>&);
  void on_type_changed();
  void on_send();
  void attach_file();
  void show_result(const wxString& title, const wxString& big, const wxString& detail, bool copy);

  TrayController& controller_;
  ReportKind kind_;
  int number_;
  ui::ReportFormLogic logic_;
  std::optional<Screenshot> screenshot_;
  mutable std::string screenshot_png_;  // encoded when first needed
  Device device_;
  std::optional<NewAttachment> file_;
  Stage stage_ = Stage::Editing;
  bool checked_once_ = false;
  bool refused_ = false;  // the last attempt was refused: local_id_ is that copy
  std::string shown_tk_;
  std::string local_id_;

  wxScrolledWindow* form_ = nullptr;
  wxPanel* result_ = nullptr;
  wxChoice* type_ = nullptr;
  wxChoice* category_ = nullptr;
  wxTextCtrl* summary_ = nullptr;
  wxTextCtrl* description_ = nullptr;
  wxChoice* impact_ = nullptr;
  wxChoice* urgency_ = nullptr;
  wxTextCtrl* name_ = nullptr;
  wxTextCtrl* email_ = nullptr;
  wxTextCtrl* phone_ = nullptr;
  wxTextCtrl* location_ = nullptr;
  wxCheckBox* attach_device_ = nullptr;
  wxCheckBox* attach_screenshot_ = nullptr;
  wxStaticBitmap* preview_ = nullptr;
  wxStaticText* file_label_ = nullptr;
  wxButton* remove_file_ = nullptr;
  wxButton* send_ = nullptr;
  wxStaticText* sending_ = nullptr;
  std::map<std::string, wxStaticText*> errors_;
  wxStaticText* result_title_ = nullptr;
  wxStaticText* result_big_ = nullptr;
  wxStaticText* result_detail_ = nullptr;
  wxButton* copy_ = nullptr;
  wxPanel* suggestions_ = nullptr;
  wxStaticText* suggestions_heading_ = nullptr;
  std::vector<wxButton*> suggestion_buttons_;
  std::vector<KbSuggestion> suggested_;
  wxTimer suggest_timer_;
  wxWeakRef<class ArticleWindow> article_;
  bool deflected_ = false;
};

}  // namespace tk::tray
