// The kiosk under Xvfb, in Spanish, against the real tk-server on 127.0.0.1: a whole
// report by touch, a look-up refused and then answered, the idle reset, the keys that
// must not close it, the administrator's way in; screenshots of every screen.
#include <gtest/gtest.h>
#include <wx/app.h>
#include <wx/button.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include "kiosk_frame.h"
#include "server_process.h"
#include "tk/api_client.h"

namespace tk::kiosk {
namespace {

bool wait_until(const std::function<bool()>& done, int max_ms = 20000) {
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(max_ms);
  while (std::chrono::steady_clock::now() < end) {
    wxTheApp->ProcessPendingEvents();
    wxYield();
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

void pause_ui() { wait_until([] { return false; }, 250); }

void shot(const std::string& name) {
  pause_ui();
  std::filesystem::create_directories(TK_SCREENSHOT_DIR);
  std::string path = std::string(TK_SCREENSHOT_DIR) + "/kiosk-" + name + "-" + TK_SCREEN + ".png";
  auto r = test::run_program({"/usr/bin/import", "-window", "root", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

void tap(wxWindow* w) {
  ASSERT_TRUE(w);
  ASSERT_TRUE(w->IsShownOnScreen()) << w->GetLabel();
  wxUIActionSimulator sim;
  sim.MouseMove(w->GetScreenPosition() + wxPoint(w->GetSize().x / 2, w->GetSize().y / 2));
  pause_ui();
  sim.MouseClick();
  pause_ui();
}

class KioskGui : public ::testing::Test {
 protected:
  void SetUp() override {
    kiosk_token = server.create_token("kiosk", "", "Vestíbulo");
    agent = server.create_token("agent", "", "Mesa");
  }
  void TearDown() override {
    if (frame) {
      frame->allow_close();
      frame->Destroy();
      frame = nullptr;
    }
    pause_ui();
  }

  void open_kiosk() {
    KioskOptions options;
    options.server_url = server.url();
    options.token = kiosk_token;
    options.data_dir = data.path();
    options.config.admin_pin_salt = "sal";
    options.config.admin_pin_hash = pin_hash("sal", "2468");
    frame = new KioskFrame(options);
    frame->Show();
    ASSERT_TRUE(wait_until([&] { return frame->IsShownOnScreen(); }));
  }

  // Taps the keys of a keypad on the current screen, one by one.
  void tap_digits(const std::string& digits) {
    for (char c : digits) {
      wxButton* key = nullptr;
      for (auto* k : frame->keyboard_keys())
        if (k->IsShownOnScreen() && k->GetLabel() == wxString(c)) key = k;
      ASSERT_TRUE(key) << c;
      tap(key);
    }
  }

  Screen screen() { return frame->flow().screen(); }

  test::TempDir data;
  test::ServerProcess server;
  std::string kiosk_token, agent;
  KioskFrame* frame = nullptr;
};

}  // namespace

TEST_F(KioskGui, AWholeReportByTouchEndsOnATkTheServerHoldsScreens) {
  server.start();
  open_kiosk();
  shot("home");
  tap(frame->button("report"));
  ASSERT_EQ(screen(), Screen::Employee);
  tap_digits("1002");
  EXPECT_EQ(frame->field("employee")->GetValue(), "1002");
  shot("employee");
  tap(frame->button("employee.next"));
  ASSERT_EQ(screen(), Screen::Type);
  shot("type");
  tap(frame->button("type.incident"));
  ASSERT_EQ(screen(), Screen::Category);
  shot("category");
  tap(frame->button("category.printer"));
  ASSERT_EQ(screen(), Screen::Describe);
  // The on-screen keyboard, Spanish letters included, then a physical keyboard.
  tap(frame->field("summary"));
  for (const char* key : {"⇧", "s", "i", "n", "espacio", "t", "ó", "n", "e", "r"}) {
    wxButton* found = nullptr;
    wxString label = std::string(key) == "espacio" ? wxString::FromUTF8("espacio") : wxString::FromUTF8(key);
    for (auto* k : frame->keyboard_keys())
      if (k->IsShownOnScreen() && k->GetLabel() == label) found = k;
    ASSERT_TRUE(found) << key;
    tap(found);
  }
  EXPECT_EQ(frame->field("summary")->GetValue(), wxString::FromUTF8("Sin tóner"));
  tap(frame->field("name"));
  wxUIActionSimulator().Text("Ana Lopez");
  pause_ui();
  EXPECT_EQ(frame->field("name")->GetValue(), "Ana Lopez");
  shot("describe");
  tap(frame->button("describe.next"));
  ASSERT_EQ(screen(), Screen::Review);
  shot("review");
  tap(frame->button("send"));
  ASSERT_TRUE(wait_until([&] { return screen() == Screen::Receipt; }));
  std::string tk(frame->label("receipt.number")->GetLabel().utf8_str());
  ASSERT_EQ(tk.rfind("TK-", 0), 0u) << tk;
  shot("receipt");

  auto transport = server.transport();
  auto ticket = ApiClient(*transport, agent).get(tk);
  ASSERT_TRUE(ticket.ok());
  EXPECT_EQ(ticket->summary, "Sin tóner");
  EXPECT_EQ(ticket->reporter.employee, "1002");
  EXPECT_EQ(ticket->reporter.name, "Ana Lopez");
  EXPECT_EQ(ticket->channel, Channel::Kiosk);
  EXPECT_TRUE(frame->store().tickets().empty()) << "a kiosk keeps nobody's tickets";
}

TEST_F(KioskGui, ALookUpWithAWrongEmployeeNumberIsRefusedScreens) {
  server.start();
  auto transport = server.transport();
  NewTicket t;
  t.type = TicketType::Incident;
  t.category = "hardware";
  t.summary = "El monitor parpadea";
  t.description = "Parpadea al encender";
  t.reporter.employee = "1002";
  auto created = ApiClient(*transport, kiosk_token).create(t, "kiosk-gui-key");
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(ApiClient(*transport, agent).post_event(created->ticket.tk, {Action::Take, "", "", ""}).ok());
  std::string tk = created->ticket.tk;  // TK-YYYY-NNNNNN
  open_kiosk();
  tap(frame->button("lookup"));
  ASSERT_EQ(screen(), Screen::LookupTk);
  tap_digits(tk.substr(3, 4) + tk.substr(8));
  shot("lookup-tk");
  tap(frame->button("lookup.tk.next"));
  ASSERT_EQ(screen(), Screen::LookupEmployee);
  tap_digits("9999");
  tap(frame->button("lookup.employee.next"));
  ASSERT_TRUE(wait_until([&] { return !frame->busy() && screen() == Screen::LookupTk; }));
  EXPECT_EQ(frame->label("lookup.tk.message")->GetLabel(),
            wxString::FromUTF8("No encontramos ningún ticket con ese número para ese número de empleado."));
  shot("lookup-refused");

  tap(frame->button("lookup.tk.next"));
  ASSERT_EQ(screen(), Screen::LookupEmployee);
  tap_digits("1002");
  tap(frame->button("lookup.employee.next"));
  ASSERT_TRUE(wait_until([&] { return screen() == Screen::LookupResult; }));
  EXPECT_EQ(frame->label("result.status")->GetLabel(), wxString::FromUTF8("En atención (primer nivel)"));
  shot("lookup-result");
}

TEST_F(KioskGui, IdleResetWipesWhatWasEntered) {
  server.start();
  open_kiosk();
  tap(frame->button("report"));
  tap_digits("1002");
  tap(frame->button("employee.next"));
  tap(frame->button("type.incident"));
  tap(frame->button("category.network"));
  frame->field("summary")->SetValue(wxString::FromUTF8("Dato privado de Ana"));
  auto now = KioskFrame::now_ms();
  frame->tick(now + 51'000);
  EXPECT_FALSE(frame->label("countdown")->GetLabel().empty()) << "the last ten seconds are shown";
  shot("countdown");
  frame->tick(now + 61'000);
  EXPECT_EQ(screen(), Screen::Home);
  EXPECT_FALSE(frame->flow().has_entries());
  for (const char* name : {"employee", "summary", "description", "name", "lookup.tk", "lookup.employee"})
    EXPECT_TRUE(frame->field(name)->GetValue().empty()) << name;
}

TEST_F(KioskGui, EscapeAndAltF4DoNotCloseIt) {
  server.start();
  open_kiosk();
  tap(frame->button("report"));
  wxUIActionSimulator sim;
  sim.Char(WXK_ESCAPE);
  pause_ui();
  sim.Char(WXK_F4, wxMOD_ALT);
  pause_ui();
  EXPECT_FALSE(frame->Close(false)) << "a close request is refused";
  pause_ui();
  EXPECT_TRUE(frame->IsShown());
  EXPECT_EQ(screen(), Screen::Employee) << "Escape does not leave the screen either";
}

TEST_F(KioskGui, TheAdministratorGetsInWithTheGestureAndThePinScreens) {
  server.start();
  open_kiosk();
  auto* logo = frame->FindWindow(wxID_ANY);
  (void)logo;
  for (int i = 0; i < 5; ++i) frame->flow().logo_tapped(KioskFrame::now_ms());
  frame->show_screen();
  ASSERT_EQ(screen(), Screen::AdminPin);
  tap_digits("1111");
  tap(frame->button("pin.next"));
  EXPECT_EQ(screen(), Screen::AdminPin);
  EXPECT_EQ(frame->label("pin.message")->GetLabel(), "PIN incorrecto.");
  tap_digits("2468");
  tap(frame->button("pin.next"));
  ASSERT_EQ(screen(), Screen::Admin);
  shot("admin");
  tap(frame->button("admin.exit"));
  ASSERT_TRUE(wait_until([&] { return wxTopLevelWindows.empty() || !frame->IsShown(); }));
  frame = nullptr;  // closed by the administrator
}

}  // namespace tk::kiosk
