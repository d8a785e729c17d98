// tk-tray: the service desk's icon in the notification area.
//   tk-tray [--server URL] [--token T] [--data-dir DIR] [--lang es|en] [--show report|tickets]
// One instance per user: a second start hands its --show request to the running one.
#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/filename.h>
#include <wx/intl.h>
#include <wx/log.h>
#include <wx/ipc.h>
#include <wx/msgdlg.h>
#include <wx/snglinst.h>
#include <wx/stdpaths.h>
#include <wx/taskbar.h>
#include <wx/timer.h>
#include <wx/utils.h>

#include <clocale>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <vector>
#include <iostream>
#include <memory>

#include "tk/logging.h"
#include "tk/platform.h"
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

const char* kTopic = "tk-tray";

class ShowConnection : public wxConnection {
 public:
  explicit ShowConnection(TrayController* controller) : controller_(controller) {}
  bool OnExecute(const wxString&, const void* data, size_t size, wxIPCFormat) override {
    std::string what(static_cast<const char*>(data), size);
    while (!what.empty() && what.back() == '\0') what.pop_back();
    if (controller_) controller_->show(what);
    return true;
  }

 private:
  TrayController* controller_;
};

class ShowServer : public wxServer {
 public:
  explicit ShowServer(TrayController* controller) : controller_(controller) {}
  wxConnectionBase* OnAcceptConnection(const wxString& topic) override {
    return topic == kTopic ? new ShowConnection(controller_) : nullptr;
  }

 private:
  TrayController* controller_;
};

// The running instance listens on a socket in the user's runtime folder; on Windows wx's
// IPC is DDE, whose services are names, one per user's session.
wxString instance_socket() {
#ifdef __WXMSW__
  return "tk-tray-" + wxGetUserId();
#else
  wxString dir = wxGetenv("XDG_RUNTIME_DIR");
  if (dir.empty()) dir = wxFileName::GetTempDir();
  return dir + "/tk-tray-" + wxGetUserId() + ".sock";
#endif
}

// A socket file left by a crashed instance would keep the new one from listening.
void remove_stale_socket() {
#ifndef __WXMSW__
  wxLogNull quiet;
  if (wxFileExists(instance_socket())) wxRemoveFile(instance_socket());
#endif
}

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
#ifdef TK_BENCHMARK_HOOKS
    parser.AddSwitch("", "benchmark", "print start-up and window timings (tests/bench/run_tray_bench.sh)");
#endif
    if (parser.Parse() != 0) return false;
    wxString value;
    Overrides overrides{env("TK_SERVER"), env("TK_TOKEN"), ""};
    if (parser.Found("server", &value)) overrides.server_url = std::string(value.utf8_str());
    if (parser.Found("token", &value)) overrides.token = std::string(value.utf8_str());
    if (parser.Found("lang", &value)) overrides.language = std::string(value.utf8_str());
    std::string show;
    if (parser.Found("show", &value)) show = std::string(value.utf8_str());

    checker_ = std::make_unique<wxSingleInstanceChecker>("tk-tray-" + wxGetUserId());
    if (checker_->IsAnotherRunning()) {
      wxClient client;
      std::unique_ptr<wxConnectionBase> connection(client.MakeConnection("localhost", instance_socket(), kTopic));
      if (connection) connection->Execute(show.empty() ? "tickets" : show);
      nothing_to_run_ = true;  // the running instance does it
      return true;
    }

    log::setup({"tk-tray", log::default_log_dir("tk-tray"), log::Severity::Info, false});
    TrayOptions options;
    options.settings_path = default_settings_path();
    options.settings = load_settings(options.settings_path);
    apply(options.settings, overrides);
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
    remove_stale_socket();
    server_ = std::make_unique<ShowServer>(controller_.get());
    server_->Create(instance_socket());
    if (!wxTaskBarIcon::IsAvailable()) {
      // At login the panel may not be up yet. If there is still no notification area after
      // a while (some desktops have none), the tickets window stands in for the icon.
      tray_check_.Bind(wxEVT_TIMER, [this](wxTimerEvent&) {
        if (!wxTaskBarIcon::IsAvailable()) {
          log::warning("ui", "no system tray available; showing the tickets window");
          controller_->show("tickets");
        }
      });
      tray_check_.StartOnce(15000);
    }
    if (!show.empty()) controller_->show(show);
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
    server_.reset();
    remove_stale_socket();
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
  std::unique_ptr<ShowServer> server_;
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
