// The kiosk's full-screen window: a header (logo, institution, clock, connection), one
// page per screen of KioskFlow, and a footer (back, start over, the idle countdown). The
// pages only show the flow and pass taps and keys to it; the network is reached through
// the sync engine and the REST client on worker threads.
#pragma once

#include <wx/frame.h>
#include <wx/timer.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "kiosk_flow.h"
#include "kiosk_backend.h"
#include "tk/background_work.h"

class wxBoxSizer;
class wxButton;
class wxPanel;
class wxSimplebook;
class wxStaticBitmap;
class wxStaticText;
class wxTextCtrl;

namespace tk::kiosk {

struct KioskOptions {
  std::string server_url = "http://127.0.0.1:8080";
  std::string token;
  std::string data_dir;
  ui::Language language = ui::Language::Spanish;
  KioskConfig config;
  bool full_screen = true;
};

class KioskFrame : public wxFrame {
 public:
  explicit KioskFrame(KioskOptions options);
  ~KioskFrame() override;

  KioskFlow& flow() { return *flow_; }
  ClientStore& store() { return backend_->store(); }
  // Shows the flow's current screen (after each step).
  void show_screen();
  // Any touch or key: the idle clock starts again.
  void touched();
  // Called every second by the idle timer; tests call it with a time of their choosing.
  void tick(std::int64_t now_ms);
  // Only the administrator's "exit" closes the kiosk.
  void allow_close() { closing_allowed_ = true; }

  // For the GUI tests: the widgets a person uses.
  wxButton* button(const std::string& name) const;
  wxTextCtrl* field(const std::string& name) const;
  wxStaticText* label(const std::string& name) const;
  std::vector<wxButton*> keyboard_keys() const { return keys_; }
  wxWindow* logo() const;
  bool busy() const { return busy_; }

  static std::int64_t now_ms();

 private:
  void build_header(wxPanel* root, wxBoxSizer* sizer);
  void build_footer(wxPanel* root, wxBoxSizer* sizer);
  wxPanel* page(Screen);
  wxButton* big_button(wxWindow* parent, const wxString& text, const std::string& name, std::function<void()> action);
  wxPanel* keypad(wxWindow* parent, wxTextCtrl* target, bool with_dash);
  wxPanel* keyboard(wxWindow* parent);
  wxPanel* prompt_page(const wxString& title, wxBoxSizer*& body);
  void build_pages();
  void refresh_categories();
  void set_tile_icon(wxButton*, const std::string& id);
  void refresh_review();
  void refresh_receipt();
  void refresh_lookup_result();
  void refresh_admin();
  void update_status_line();
  void submit_report();
  void submit_lookup();
  void on_char_hook(wxKeyEvent&);
  void run_in_background(std::function<void()> work);
  int touch_px() const;

  KioskOptions options_;
  std::unique_ptr<KioskBackend> backend_;
  std::unique_ptr<KioskFlow> flow_;
  std::shared_ptr<std::atomic<bool>> alive_ = std::make_shared<std::atomic<bool>>(true);
  BackgroundWork workers_;
  bool busy_ = false;
  bool closing_allowed_ = false;
  wxTimer timer_;

  wxSimplebook* book_ = nullptr;
  std::map<Screen, wxPanel*> pages_;
  std::map<Screen, size_t> page_index_;
  std::map<std::string, wxButton*> buttons_;
  std::map<std::string, wxTextCtrl*> fields_;
  std::map<std::string, wxStaticText*> labels_;
  std::vector<wxButton*> keys_;
  wxTextCtrl* keyboard_target_ = nullptr;
  bool shifted_ = false;
  wxWindow* logo_ = nullptr;
  wxStaticBitmap* qr_ = nullptr;
  wxPanel* category_tiles_ = nullptr;
  wxPanel* timeline_ = nullptr;
  wxPanel* footer_ = nullptr;
};

}  // namespace tk::kiosk
