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

#include "gui_support.h"
#include "kiosk_frame.h"
#include "server_process.h"
#include "tk/api_client.h"

namespace tk::kiosk {
namespace {

using test::click;
using test::settle;
using test::wait_for;

void shot(const std::string& name) { test::save_screenshot("kiosk-" + name + "-" + TK_SCREEN); }

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
    settle();
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
    ASSERT_TRUE(wait_for([&] { return frame->IsShownOnScreen(); }));
  }

  // Taps the keys of a keypad on the current screen, one by one.
  void tap_digits(const std::string& digits) {
    for (char c : digits) {
      wxButton* key = nullptr;
      for (auto* k : frame->keyboard_keys())
        if (k->IsShownOnScreen() && k->GetLabel() == wxString(c)) key = k;
      ASSERT_TRUE(key) << c;
      click(key);
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
  click(frame->button("report"));
  ASSERT_EQ(screen(), Screen::Employee);
  tap_digits("1002");
  EXPECT_EQ(frame->field("employee")->GetValue(), "1002");
  shot("employee");
  click(frame->button("employee.next"));
  ASSERT_EQ(screen(), Screen::Type);
  shot("type");
  click(frame->button("type.incident"));
  ASSERT_EQ(screen(), Screen::Category);
  shot("category");
  click(frame->button("category.printer"));
  ASSERT_EQ(screen(), Screen::Describe);
  // The on-screen keyboard, Spanish letters included, then a physical keyboard.
  click(frame->field("summary"));
  for (const char* key : {"⇧", "s", "i", "n", "espacio", "t", "ó", "n", "e", "r"}) {
    wxButton* found = nullptr;
    wxString label = std::string(key) == "espacio" ? wxString::FromUTF8("espacio") : wxString::FromUTF8(key);
    for (auto* k : frame->keyboard_keys())
      if (k->IsShownOnScreen() && k->GetLabel() == label) found = k;
    ASSERT_TRUE(found) << key;
    click(found);
  }
  EXPECT_EQ(frame->field("summary")->GetValue(), wxString::FromUTF8("Sin tóner"));
  click(frame->field("name"));
  wxUIActionSimulator().Text("Ana Lopez");
  settle();
  EXPECT_EQ(frame->field("name")->GetValue(), "Ana Lopez");
  shot("describe");
  click(frame->button("describe.next"));
  ASSERT_EQ(screen(), Screen::Review);
  shot("review");
  click(frame->button("send"));
  ASSERT_TRUE(wait_for([&] { return screen() == Screen::Receipt; }));
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
  click(frame->button("lookup"));
  ASSERT_EQ(screen(), Screen::LookupTk);
  tap_digits(tk.substr(3, 4) + tk.substr(8));
  shot("lookup-tk");
  click(frame->button("lookup.tk.next"));
  ASSERT_EQ(screen(), Screen::LookupEmployee);
  tap_digits("9999");
  click(frame->button("lookup.employee.next"));
  ASSERT_TRUE(wait_for([&] { return !frame->busy() && screen() == Screen::LookupTk; }));
  EXPECT_EQ(frame->label("lookup.tk.message")->GetLabel(),
            wxString::FromUTF8("No encontramos ningún ticket con ese número para ese número de empleado."));
  shot("lookup-refused");

  click(frame->button("lookup.tk.next"));
  ASSERT_EQ(screen(), Screen::LookupEmployee);
  tap_digits("1002");
  click(frame->button("lookup.employee.next"));
  ASSERT_TRUE(wait_for([&] { return screen() == Screen::LookupResult; }));
  EXPECT_EQ(frame->label("result.status")->GetLabel(), wxString::FromUTF8("En atención (primer nivel)"));
  shot("lookup-result");
}

TEST_F(KioskGui, IdleResetWipesWhatWasEnteredScreens) {
  server.start();
  open_kiosk();
  click(frame->button("report"));
  tap_digits("1002");
  click(frame->button("employee.next"));
  click(frame->button("type.incident"));
  click(frame->button("category.network"));
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
  click(frame->button("report"));
  wxUIActionSimulator sim;
  sim.Char(WXK_ESCAPE);
  settle();
  sim.Char(WXK_F4, wxMOD_ALT);
  settle();
  EXPECT_FALSE(frame->Close(false)) << "a close request is refused";
  settle();
  EXPECT_TRUE(frame->IsShown());
  EXPECT_EQ(screen(), Screen::Employee) << "Escape does not leave the screen either";
}

TEST_F(KioskGui, TheAdministratorGetsInWithTheGestureAndThePinScreens) {
  server.start();
  open_kiosk();
  // Five quick taps on the logo.
  wxWindow* logo = frame->logo();
  wxUIActionSimulator sim;
  sim.MouseMove(logo->GetScreenPosition() + wxPoint(logo->GetSize().x / 2, logo->GetSize().y / 2));
  wxYield();
  for (int i = 0; i < 5; ++i) {
    sim.MouseClick();
    wxYield();
  }
  ASSERT_TRUE(wait_for([&] { return screen() == Screen::AdminPin; }));
  shot("admin-pin");
  tap_digits("1111");
  click(frame->button("pin.next"));
  EXPECT_EQ(screen(), Screen::AdminPin);
  EXPECT_EQ(frame->label("pin.message")->GetLabel(), "PIN incorrecto.");
  tap_digits("2468");
  click(frame->button("pin.next"));
  ASSERT_EQ(screen(), Screen::Admin);
  shot("admin");
  click(frame->button("admin.exit"));
  ASSERT_TRUE(wait_for([&] { return wxTopLevelWindows.empty() || !frame->IsShown(); }));
  frame = nullptr;  // closed by the administrator
}

}  // namespace tk::kiosk
