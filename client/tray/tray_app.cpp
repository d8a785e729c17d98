// tk-tray: the service desk's icon in the notification area.
//   tk-tray [--server URL] [--token T] [--data-dir DIR] [--lang es|en] [--show report|tickets]
// One instance per user: a second start hands its --show request to the running one.
#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/intl.h>
#include <wx/snglinst.h>
#include <wx/taskbar.h>
#include <wx/timer.h>
#include <wx/utils.h>

#include <clocale>
#include <algorithm>
#include <chrono>
#include <vector>
#include <iostream>
#include <memory>

#include "tk/logging.h"
#include "tk/platform.h"
#include "instance_channel.h"
#include "tray_controller.h"
#include "report_window.h"
#include "tray_icon.h"
#include "translations.h"
#include "wx_entry.h"

#ifndef TK_VERSION
#define TK_VERSION "0.0.0"
#endif

namespace tk::tray {
namespace {

std::string env(const char* name) { return platform::environment_variable(name); }

}  // namespace

class TrayApp : public wxApp {
 public:
  bool OnInit() override {
    // Narrow strings are UTF-8 in this program; the C library must read them so.
    std::setlocale(LC_CTYPE, "C.UTF-8");
    wxCmdLineParser parser(argc, argv);
    parser.AddOption("", "server", "server URL", wxCMD_LINE_VAL_STRING);
    parser.AddOption("", "token", "access token", wxCMD_LINE_VAL_STRING);
    parser.AddOption("", "data-dir", "folder of the local cache", wxCMD_LINE_VAL_STRING);
    parser.AddOption("", "lang", "es or en", wxCMD_LINE_VAL_STRING);
    parser.AddOption("", "show", "report, security, request or tickets", wxCMD_LINE_VAL_STRING);
    parser.AddSwitch("", "autostart",
                     "started at login for every user by the installer (exits if this user opted out)");
#ifdef TK_BENCHMARK_HOOKS
    parser.AddSwitch("", "benchmark", "print start-up and window timings (tests/bench/run_tray_bench.sh)");
#endif
    if (parser.Parse() != 0) return false;
    if (parser.Found("autostart") && !platform::starts_at_login("tk-tray")) {
      nothing_to_run_ = true;  // this user switched "start at login" off in Settings
      return true;
    }
    wxString value;
    Overrides overrides{env("TK_SERVER"), env("TK_TOKEN"), ""};
    if (parser.Found("server", &value)) overrides.server_url = std::string(value.utf8_str());
    if (parser.Found("token", &value)) overrides.token = std::string(value.utf8_str());
    if (parser.Found("lang", &value)) overrides.language = std::string(value.utf8_str());
    std::string show;
    if (parser.Found("show", &value)) show = std::string(value.utf8_str());

    checker_ = std::make_unique<wxSingleInstanceChecker>("tk-tray-" + wxGetUserId());
    if (checker_->IsAnotherRunning()) {
      // The running instance does it; if it does not answer (it is still starting, or
      // hung), this start says so and ends rather than make a second icon.
      if (!send_to_running_instance(show.empty() ? "tickets" : show))
        log::warning("ui", "another tk-tray is running but did not answer");
      nothing_to_run_ = true;
      return true;
    }

    log::setup({"tk-tray", log::default_log_dir("tk-tray"), log::Severity::Info, false});
    TrayOptions options;
    options.settings_path = default_settings_path();
    options.settings = load_settings(options.settings_path, machine_policy());
    apply(options.settings, overrides);
    options.overrides = overrides;
    options.data_dir = env("TK_DATA_DIR");
    if (parser.Found("data-dir", &value)) options.data_dir = std::string(value.utf8_str());
    // The icon is always made: a panel that comes up after us still gets it.
    options.show_tray_icon = true;
    gui::install_translations(options.settings.language, "tk-tray");
    // The icon keeps the program alive: closing the last window must not end it.
    SetExitOnFrameDelete(false);
    SetAppDisplayName(_("Service desk"));

    controller_ = std::make_unique<TrayController>(options);
    controller_->start();
    listener_ = std::make_unique<InstanceListener>([this](const std::string& what) { controller_->show(what); });
    if (!wxTaskBarIcon::IsAvailable()) {
      // At login the panel may not be up yet. If there is still no notification area after
      // a while (some desktops have none), the tickets window stands in for the icon.
      tray_check_.Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
        // Gone (the tray is quitting), or shown by the desktop as a StatusNotifierItem.
        const TrayIcon* icon = controller_->icon();
        if (!icon || icon->shown_as_status_notifier()) return;
        if (!wxTaskBarIcon::IsAvailable()) {
          log::warning("ui", "no system tray available; showing the tickets window");
          controller_->show("tickets");
        }
      });
      tray_check_.StartOnce(15000);
    }
    if (!show.empty()) controller_->show(show);
    // First run without a token: Settings, where the one-time enrolment code the desk gave
    // is traded for one (nobody pastes tokens).
    if (controller_->settings().token.empty()) CallAfter([this] { controller_->show_settings(); });
#ifdef TK_BENCHMARK_HOOKS
    if (parser.Found("benchmark")) CallAfter([this] { benchmark_ready(); });
#endif
    return true;
  }

#ifdef TK_BENCHMARK_HOOKS
  // Only in tk-tray-bench (tests/bench), the same program with these timers: says when the
  // icon is up (the script times that from the process's start); 8 s later, once the idle
  // memory has been read, times opening the report window.
  void benchmark_ready() {
    if (controller_->icon() && !controller_->icon()->IsIconInstalled()) {
      CallAfter([this] { benchmark_ready(); });
      return;
    }
    std::cout << "ready" << std::endl;
    bench_timer_.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { benchmark_windows(); });
    bench_timer_.StartOnce(8000);
  }

  void benchmark_windows() {
    std::vector<double> times;
    for (int i = 0; i < 10; ++i) {
      auto start = std::chrono::steady_clock::now();
      wxWindow* window = controller_->show_report(i % 2 ? ReportKind::Security : ReportKind::Fault);
      window->Update();
      times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
      window->Destroy();
      wxYield();
    }
    std::sort(times.begin(), times.end());
    std::cout << "report_window_open_ms median " << times[times.size() / 2] << " max " << times.back() << std::endl;
  }

#endif

  int OnRun() override { return nothing_to_run_ ? 0 : wxApp::OnRun(); }

  bool OnExceptionInMainLoop() override {
    gui::report_exception_in_main_loop("tk-tray");
    return true;
  }

  int OnExit() override {
    listener_.reset();
    controller_.reset();
    return wxApp::OnExit();
  }

 private:
  bool nothing_to_run_ = false;
#ifdef TK_BENCHMARK_HOOKS
  wxTimer bench_timer_;
#endif
  wxTimer tray_check_;
  std::unique_ptr<wxSingleInstanceChecker> checker_;
  std::unique_ptr<InstanceListener> listener_;
  std::unique_ptr<TrayController> controller_;
};

}  // namespace tk::tray

wxIMPLEMENT_APP_NO_MAIN(tk::tray::TrayApp);

// --version and --help answer here, without a display (so wx's parser never sees them);
// everything else starts wx.
int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--version" || a == "--help" || a == "-h") tk::platform::attach_parent_console();
    if (a == "--version") {
      std::cout << "tk-tray " << TK_VERSION << std::endl;
      return 0;
    }
    if (a == "--help" || a == "-h") {
      std::cout << "Usage: tk-tray [--server URL] [--token T] [--data-dir DIR] [--lang es|en]\n"
                   "               [--show report|security|request|tickets] [--version] [--help]\n"
                   "The service desk's icon in the notification area. One instance per user: a second\n"
                   "start hands --show to the running one. TK_SERVER, TK_TOKEN and TK_DATA_DIR work too;\n"
#ifdef _WIN32
                   "settings are kept in %APPDATA%\\TK\\tray.ini.\n";
#else
                   "settings are kept in ~/.config/tk/tray.ini.\n";
#endif
      return 0;
    }
  }
  return tk::gui::enter_wx(argc, argv);
}
