// The kiosk's full-screen window: a header (logo, institution, clock, connection), one
// page per screen of KioskFlow (a class each, built from kiosk_widgets), and a footer
// (back, start over, the idle countdown). The frame switches pages as the flow moves,
// runs the idle clock, refuses to close, and sends what the screens ask for to the
// backend on worker threads; answers come back on the main thread (CallAfter) and are
// dropped once the window is gone or another person has started.
#pragma once

#include <wx/frame.h>
#include <wx/timer.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "kiosk_backend.h"
#include "kiosk_flow.h"
#include "screen_host.h"
#include "tk/background_work.h"

class wxBoxSizer;
class wxButton;
class wxPanel;
class wxSimplebook;
class wxStaticText;

namespace tk::kiosk {

class KioskScreen;
class ArticleScreen;
class HomeScreen;
class EmployeeScreen;
class TypeScreen;
class CategoryScreen;
class ImpactScreen;
class DescribeScreen;
class ReviewScreen;
class ReceiptScreen;
class LookupTkScreen;
class LookupEmployeeScreen;
class LookupResultScreen;
class AdminPinScreen;
class AdminScreen;

// How the window looks and behaves; where the kiosk's data and server are is the
// backend's (made by the app).
struct KioskOptions {
  ui::Language language = ui::Language::Spanish;
  KioskConfig config;
  bool full_screen = true;
};

class KioskFrame : public wxFrame, public ScreenHost {
 public:
  // `backend`: made by the app (cache, transport, sync engine); the frame starts its sync
  // engine and keeps it until the last worker that uses it has finished.
  KioskFrame(std::unique_ptr<KioskBackend> backend, KioskOptions options);
  ~KioskFrame() override;

  KioskFlow& flow() { return *flow_; }
  ClientStore& store() { return backend_->store(); }
  // Shows the flow's current screen (after each step).
  void show_screen() override;
  // Any touch or key: the idle clock starts again.
  void touched() override;
  // A report or a look-up is on its way.
  bool busy() const override { return busy_; }
  // Called every second by the idle timer; tests call it with a time of their choosing.
  void tick(std::int64_t now_ms);
  // Only the administrator's "exit" closes the kiosk.
  void allow_close() { closing_allowed_ = true; }

  // The screens and the frame's own widgets, for the GUI tests.
  HomeScreen* home_screen() const { return home_; }
  EmployeeScreen* employee_screen() const { return employee_; }
  TypeScreen* type_screen() const { return type_; }
  CategoryScreen* category_screen() const { return category_; }
  ImpactScreen* impact_screen() const { return impact_; }
  DescribeScreen* describe_screen() const { return describe_; }
  ArticleScreen* article_screen() const { return article_; }
  ReviewScreen* review_screen() const { return review_; }
  ReceiptScreen* receipt_screen() const { return receipt_; }
  LookupTkScreen* lookup_tk_screen() const { return lookup_tk_; }
  LookupEmployeeScreen* lookup_employee_screen() const { return lookup_employee_; }
  LookupResultScreen* lookup_result_screen() const { return lookup_result_; }
  AdminPinScreen* admin_pin_screen() const { return admin_pin_; }
  AdminScreen* admin_screen() const { return admin_; }
  wxWindow* logo() const { return logo_; }
  wxStaticText* clock() const { return clock_; }
  wxStaticText* connection() const { return connection_; }
  wxStaticText* countdown() const { return countdown_; }
  wxButton* back_button() const { return back_; }
  wxButton* start_over_button() const { return start_over_; }

  static std::int64_t now_ms();

 private:
  void build_header(wxPanel* root, wxBoxSizer* sizer);
  void build_footer(wxPanel* root, wxBoxSizer* sizer);
  void build_screens();
  template <class S>
  S* add_screen(Screen, S*);
  void refresh_admin();
  void update_status_line();
  void submit_report();
  void submit_lookup(const std::string& typed);
  void submit_survey(Action answer);
  void on_char_hook(wxKeyEvent&);

  KioskOptions options_;
  std::unique_ptr<KioskBackend> backend_;
  std::unique_ptr<KioskFlow> flow_;
  std::shared_ptr<std::atomic<bool>> alive_ = std::make_shared<std::atomic<bool>>(true);
  BackgroundWork workers_;
  bool busy_ = false;
  bool closing_allowed_ = false;
  wxTimer timer_;

  wxSimplebook* book_ = nullptr;
  std::map<Screen, KioskScreen*> screens_;
  HomeScreen* home_ = nullptr;
  EmployeeScreen* employee_ = nullptr;
  TypeScreen* type_ = nullptr;
  CategoryScreen* category_ = nullptr;
  ImpactScreen* impact_ = nullptr;
  DescribeScreen* describe_ = nullptr;
  ArticleScreen* article_ = nullptr;
  ReviewScreen* review_ = nullptr;
  ReceiptScreen* receipt_ = nullptr;
  LookupTkScreen* lookup_tk_ = nullptr;
  LookupEmployeeScreen* lookup_employee_ = nullptr;
  LookupResultScreen* lookup_result_ = nullptr;
  AdminPinScreen* admin_pin_ = nullptr;
  AdminScreen* admin_ = nullptr;

  wxWindow* logo_ = nullptr;
  wxStaticText* clock_ = nullptr;
  wxStaticText* connection_ = nullptr;
  wxPanel* footer_ = nullptr;
  wxButton* back_ = nullptr;
  wxButton* start_over_ = nullptr;
  wxStaticText* countdown_ = nullptr;
};

}  // namespace tk::kiosk
