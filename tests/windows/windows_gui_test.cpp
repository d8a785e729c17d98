// The tray's and the kiosk's windows as Windows code, under Wine on an Xvfb display with a
// notification area (with_display.sh), against the real Linux tk-server (with_server.sh):
// the tray's icon is installed through the Windows shell, the report window files a report
// that the server then holds with this machine's details read through the Windows API, and
// the kiosk covers the primary monitor and refuses to close. The real programs, typed into
// and photographed, are tray_exe_smoke.sh's.
#include <gtest/gtest.h>
#include <wx/app.h>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/display.h>
#include <wx/init.h>
#include <wx/textctrl.h>

#include <windows.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <thread>

#include "gui_wait.h"
#include "kiosk_frame.h"
#include "test_environment.h"
#include "report_window.h"
#include "temp_dir.h"
#include "tk/api_client.h"
#include "tk/file_path.h"
#include "tray_controller.h"
#include "tray_icon.h"
#include "translations.h"

namespace tk::test {
namespace {

class WindowsGui : public ::testing::Test {
 protected:
  void TearDown() override {
    if (controller) controller->shutdown();
    controller.reset();
    settle();
  }

  void start_tray() {
    tray::TrayOptions options;
    options.settings.server_url = server_url;
    options.settings.token = test_env("TK_TEST_EMPLOYEE_TOKEN");
    options.settings.language = ui::Language::Spanish;
    options.settings.location = "Edificio B, piso 3";
    options.data_dir = data.file("Datos de José Núñez");
    options.show_tray_icon = true;
    controller = std::make_unique<tray::TrayController>(options);
    controller->start();
  }

  std::string server_url = "http://127.0.0.1:" + test_env("TK_TEST_SERVER_PORT");
  TempDir data;
  std::unique_ptr<tray::TrayController> controller;
};

TEST_F(WindowsGui, TrayIconAndReportWindowFileAReportTheServerHolds) {
  start_tray();
  ASSERT_TRUE(controller->icon());
  ASSERT_TRUE(wait_for([&] { return controller->icon()->look() == tray::TrayLook::Online; }))
      << "the tray never reached the server";
  EXPECT_TRUE(controller->icon()->IsIconInstalled()) << "Shell_NotifyIcon refused the icon";

  tray::ReportWindow* window = controller->show_report(tray::ReportKind::Fault);
  ASSERT_TRUE(wait_for([&] { return window->IsShown(); }));
  int printers = window->category_field()->FindString(wxString::FromUTF8("Impresoras y escáneres"));
  ASSERT_NE(printers, wxNOT_FOUND);
  window->category_field()->SetSelection(printers);
  // Typing with a real keyboard is the smoke test's (tray_exe_smoke.sh, on the real
  // tk-tray.exe): in this program under Wine, key and paint messages reach the windows only
  // through wx's main loop, which a test of this kind does not run.
  window->summary_field()->SetValue("Printer on floor 3 prints blank pages");
  window->description_field()->SetValue(wxString::FromUTF8("Desde la mañana la impresora saca las hojas en blanco."));
  wxCommandEvent pressed(wxEVT_BUTTON, window->send_button()->GetId());
  pressed.SetEventObject(window->send_button());
  window->send_button()->GetEventHandler()->ProcessEvent(pressed);
  ASSERT_TRUE(wait_for([&] { return window->stage() == tray::ReportWindow::Stage::Sent; })) << "no TK shown";
  std::string tk = window->shown_tk();
  ASSERT_EQ(tk.rfind("TK-", 0), 0u) << tk;

  auto transport = make_http_transport({server_url});
  auto ticket = ApiClient(*transport, test_env("TK_TEST_AGENT_TOKEN")).get(tk);
  ASSERT_TRUE(ticket.ok()) << ticket.error().message;
  EXPECT_EQ(ticket->summary, "Printer on floor 3 prints blank pages");
  EXPECT_EQ(ticket->description, "Desde la mañana la impresora saca las hojas en blanco.");
  EXPECT_EQ(ticket->channel, Channel::Tray);
  EXPECT_EQ(ticket->reporter.name, "José Núñez");
  EXPECT_EQ(ticket->device.os, "Windows") << "the machine's details, read through the Windows API";
  EXPECT_FALSE(ticket->device.hostname.empty());
  ASSERT_EQ(ticket->attachments.size(), 1u) << "the screenshot taken before the window opened";
  EXPECT_EQ(ticket->attachments[0].content_type, "image/png");
}

TEST_F(WindowsGui, KioskCoversThePrimaryMonitorAndRefusesToClose) {
  kiosk::KioskOptions options;
  options.full_screen = true;
  auto backend = std::make_unique<kiosk::KioskBackend>(server_url, test_env("TK_TEST_KIOSK_TOKEN"),
                                                       data.file("Quiosco"), options.language);
  auto* frame = new kiosk::KioskFrame(std::move(backend), options);
  frame->Show();
  ASSERT_TRUE(wait_for([&] { return frame->IsShownOnScreen(); }));
  settle();
  wxRect screen = wxDisplay(0u).GetGeometry();
  EXPECT_TRUE(frame->IsFullScreen());
  EXPECT_EQ(frame->GetScreenRect(), screen);

  // Alt+F4 and the system menu ask the window to close: only the administrator may.
  EXPECT_FALSE(frame->Close());
  settle();
  EXPECT_TRUE(frame->IsShown());
  frame->allow_close();
  frame->Destroy();
  settle();
}

}  // namespace
}  // namespace tk::test
