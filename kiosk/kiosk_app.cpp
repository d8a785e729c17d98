// tk-kiosk: the walk-up kiosk, full screen, for people reporting a fault or looking up a
// ticket in a lobby.
//   tk-kiosk [--server URL] [--token T] [--data-dir DIR] [--lang es|en] [--config FILE]
//            [--windowed]
#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/filefn.h>

#include <algorithm>
#include <chrono>
#include <clocale>
#include <functional>
#include <vector>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "kiosk_frame.h"
#include "tk/logging.h"
#include "tk/machine_policy.h"
#include "tk/platform.h"
#include "tk/text.h"
#include "translations.h"
#include "wx_entry.h"

#ifndef TK_VERSION
#define TK_VERSION "0.0.0"
#endif

namespace tk::kiosk {

class KioskApp : public wxApp {
 public:
  bool OnInit() override {
    std::setlocale(LC_CTYPE, "C.UTF-8");
    wxCmdLineParser parser(argc, argv);
    wxString value;
    parser.AddOption("", "server", "server URL", wxCMD_LINE_VAL_STRING);
    parser.AddOption("", "token", "the kiosk's access token (role kiosk)", wxCMD_LINE_VAL_STRING);
    parser.AddOption("", "data-dir", "folder of the kiosk's outbox", wxCMD_LINE_VAL_STRING);
    parser.AddOption("", "lang", "es or en", wxCMD_LINE_VAL_STRING);
    parser.AddOption("", "config", "kiosk configuration (PIN hash, branding, idle time)", wxCMD_LINE_VAL_STRING);
    parser.AddSwitch("", "windowed", "in a window, for trying it out");
#ifdef TK_BENCHMARK_HOOKS
    parser.AddSwitch("", "benchmark", "print start-up and screen-change timings (tests/bench/run_kiosk_bench.sh)");
#endif
    if (parser.Parse() != 0) return false;
    KioskOptions options;
    std::string asked_server, token, data_dir;
    auto env = platform::environment_variable;
    asked_server = env("TK_SERVER");
    token = env("TK_TOKEN");
    data_dir = env("TK_DATA_DIR");
    if (parser.Found("server", &value)) asked_server = std::string(value.utf8_str());
    if (parser.Found("token", &value)) token = std::string(value.utf8_str());
    if (parser.Found("data-dir", &value)) data_dir = std::string(value.utf8_str());
    std::string config = platform::user_config_dir("tk") + "/kiosk.ini";
    // The machine's kiosk.ini (the installer's) when the account has none of its own.
    std::string machine_config = platform::machine_config_dir() + "/kiosk.ini";
    if (!wxFileExists(wxString::FromUTF8(config)) && wxFileExists(wxString::FromUTF8(machine_config)))
      config = machine_config;
    if (parser.Found("config", &value)) config = std::string(value.utf8_str());
    options.config = load_kiosk_config(config);
    options.language = options.config.language;
    if (parser.Found("lang", &value)) options.language = ui::parse_language(std::string(value.utf8_str()));
    // The installed kiosk session starts with no arguments: kiosk.ini may name both, and
    // the machine's policy the server.
    std::string server_url = choose_server(asked_server, options.config.server_url, machine_policy());
    if (!options.config.token.empty() && token.empty() && !parser.Found("token")) token = options.config.token;
    options.full_screen = !parser.Found("windowed");
    log::setup({"tk-kiosk", log::default_log_dir("tk-kiosk"), log::Severity::Info, false});
    gui::install_translations(options.language, "tk-kiosk");
    // The kiosk's cache and its way to the server; the window only uses them.
    auto backend = std::make_unique<KioskBackend>(server_url, token, data_dir, options.language);
    auto* frame = new KioskFrame(std::move(backend), options);
    if (!options.full_screen) frame->SetClientSize(frame->FromDIP(wxSize(1280, 800)));
    frame->Show();
#ifdef TK_BENCHMARK_HOOKS
    if (parser.Found("benchmark")) CallAfter([this, frame] { benchmark(frame); });
#endif
    return true;
  }

#ifdef TK_BENCHMARK_HOOKS
  // Only in tk-kiosk-bench (tests/bench), the same program with these timers.
  // "ready" once the home screen is up; then the median time of a screen change, each
  // one shown and painted (Update) before the clock stops.
  void benchmark(KioskFrame* frame) {
    if (!frame->IsShownOnScreen()) {
      CallAfter([this, frame] { benchmark(frame); });
      return;
    }
    frame->Update();
    std::cout << "ready" << std::endl;
    std::vector<double> times;
    auto step = [&](const std::function<void()>& change) {
      auto start = std::chrono::steady_clock::now();
      change();
      frame->show_screen();
      frame->Update();
      times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    };
    for (int i = 0; i < 10; ++i) {
      step([&] { frame->flow().report_fault(); });
      step([&] { frame->flow().set_employee("1002"); });
      step([&] { frame->flow().choose_type(TicketType::Incident); });
      step([&] { frame->flow().choose_category("printer"); });
      step([&] { frame->flow().home(); });
    }
    std::sort(times.begin(), times.end());
    std::cout << "screen_change_ms median " << times[times.size() / 2] << " max " << times.back() << std::endl;
  }
#endif

  bool OnExceptionInMainLoop() override {
    gui::report_exception_in_main_loop("tk-kiosk");
    return true;
  }

  // Every touch or key anywhere restarts the idle countdown.
  int FilterEvent(wxEvent& event) override {
    auto type = event.GetEventType();
    if (type == wxEVT_LEFT_DOWN || type == wxEVT_KEY_DOWN)
      if (auto* frame = dynamic_cast<KioskFrame*>(GetTopWindow())) frame->touched();
    return Event_Skip;
  }
};

}  // namespace tk::kiosk

wxIMPLEMENT_APP_NO_MAIN(tk::kiosk::KioskApp);

// --version, --help and --pin-hash answer here, without a display (so wx's parser never
// sees them); everything else starts wx.
int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--version" || a == "--help" || a == "-h" || a == "--pin-hash") tk::platform::attach_parent_console();
    if (a == "--version") {
      std::cout << "tk-kiosk " << TK_VERSION << std::endl;
      return 0;
    }
    if (a == "--help" || a == "-h") {
      std::cout << "Usage: tk-kiosk [--server URL] [--token T] [--data-dir DIR] [--lang es|en]\n"
                   "                [--config FILE] [--windowed] [--version] [--help]\n"
                   "       tk-kiosk --pin-hash NNNN   (prints the kiosk.ini lines for that PIN)\n"
                   "The full-screen walk-up kiosk; its token has the role kiosk. Configuration:\n"
#ifdef _WIN32
                   "%APPDATA%\\TK\\kiosk.ini, else %ProgramData%\\TK\\kiosk.ini (the installer's): server,\n"
                   "token, PIN hash, institution, logo, colours, idle_seconds.\n";
#else
                   "~/.config/tk/kiosk.ini, else /etc/tk/kiosk.ini: server, token, PIN hash,\n"
                   "institution, logo, colours, idle_seconds.\n";
#endif
      return 0;
    }
    if (a == "--pin-hash" && i + 1 < argc) {
      std::string pin = argv[i + 1];
      if (!tk::is_digits(pin) || pin.size() < 4) {
        std::cerr << "tk-kiosk: the PIN must be at least 4 digits" << std::endl;
        return 2;
      }
      std::string hash = tk::kiosk::make_pin_hash(pin);
      std::cout << "admin_pin_hash = " << hash << "\n"
                << "# for the kiosk installer: msiexec /i tk-kiosk-....msi TK_PIN_HASH=" << hash << std::endl;
      return 0;
    }
  }
  return tk::gui::enter_wx(argc, argv);
}
