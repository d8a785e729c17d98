// The kiosk under Xvfb, in Spanish, against the real tk-server on 127.0.0.1: a whole
// report by touch, a look-up refused and then answered, the idle reset, the keys that
// must not close it, the administrator's way in; screenshots of every screen.
#include <gtest/gtest.h>
#include <wx/app.h>
#include <wx/button.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include "admin_pin_screen.h"
#include "article_screen.h"
#include "admin_screen.h"
#include "category_screen.h"
#include "describe_screen.h"
#include "impact_screen.h"
#include "employee_screen.h"
#include "gui_support.h"
#include "home_screen.h"
#include "kiosk_frame.h"
#include "kiosk_widgets.h"
#include "lookup_employee_screen.h"
#include "lookup_result_screen.h"
#include "lookup_tk_screen.h"
#include "receipt_screen.h"
#include "review_screen.h"
#include "type_screen.h"
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
    options.config.admin_pin_hash = make_pin_hash("2468");
    auto backend = std::make_unique<KioskBackend>(server.url(), kiosk_token, data.path(), options.language);
    frame = new KioskFrame(std::move(backend), options);
    frame->Show();
    ASSERT_TRUE(wait_for([&] { return frame->IsShownOnScreen(); }));
  }

  // Taps the keys of a number screen's keypad, one by one, by what is written on them.
  void tap_digits(const NumberScreen* screen, const std::string& digits) {
    for (char c : digits) {
      wxButton* key = nullptr;
      for (auto* k : screen->keypad()->keys())
        if (k->GetLabel() == wxString(c)) key = k;
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
  click(frame->home_screen()->report_button());
  ASSERT_EQ(screen(), Screen::Employee);
  tap_digits(frame->employee_screen(), "1002");
  EXPECT_EQ(frame->employee_screen()->field()->GetValue(), "1002");
  shot("employee");
  click(frame->employee_screen()->next_button());
  ASSERT_EQ(screen(), Screen::Type);
  shot("type");
  click(frame->type_screen()->incident_button());
  ASSERT_EQ(screen(), Screen::Category);
  shot("category");
  click(frame->category_screen()->tile("printer"));
  ASSERT_EQ(screen(), Screen::Impact);
  // In plain words, as the tray asks: the whole floor cannot print, people work around it.
  click(frame->impact_screen()->impact_buttons()[0]);
  click(frame->impact_screen()->urgency_buttons()[1]);
  shot("impact");
  click(frame->impact_screen()->next_button());
  ASSERT_EQ(screen(), Screen::Describe);
  // The on-screen keyboard, Spanish letters included, then a physical keyboard.
  DescribeScreen* describe = frame->describe_screen();
  click(describe->summary_field());
  for (const char* key : {"⇧", "s", "i", "n", "espacio", "t", "ó", "n", "e", "r"}) {
    wxButton* found = nullptr;
    for (auto* k : describe->keyboard()->keys())
      if (k->GetLabel() == wxString::FromUTF8(key)) found = k;
    ASSERT_TRUE(found) << key;
    click(found);
  }
  EXPECT_EQ(describe->summary_field()->GetValue(), wxString::FromUTF8("Sin tóner"));
  click(describe->name_field());
  wxUIActionSimulator().Text("Ana Lopez");
  settle();
  EXPECT_EQ(describe->name_field()->GetValue(), "Ana Lopez");
  shot("describe");
  click(describe->next_button());
  ASSERT_EQ(screen(), Screen::Review);
  shot("review");
  click(frame->review_screen()->send_button());
  ASSERT_TRUE(wait_for([&] { return screen() == Screen::Receipt; }));
  std::string tk(frame->receipt_screen()->number()->GetLabel().utf8_str());
  ASSERT_EQ(tk.rfind("TK-", 0), 0u) << tk;
  shot("receipt");

  auto transport = server.transport();
  auto ticket = ApiClient(*transport, agent).get(tk);
  ASSERT_TRUE(ticket.ok());
  EXPECT_EQ(ticket->summary, "Sin tóner");
  EXPECT_EQ(ticket->reporter.employee, "1002");
  EXPECT_EQ(ticket->impact, 1);
  EXPECT_EQ(ticket->urgency, 2);
  EXPECT_EQ(ticket->priority, 2);
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
  ASSERT_TRUE(ApiClient(*transport, agent).post_event(created->ticket.tk, EventRequest{Action::Take}).ok());
  std::string tk = created->ticket.tk;  // TK-YYYY-NNNNNN
  open_kiosk();
  LookupTkScreen* by_tk = frame->lookup_tk_screen();
  LookupEmployeeScreen* by_employee = frame->lookup_employee_screen();
  click(frame->home_screen()->lookup_button());
  ASSERT_EQ(screen(), Screen::LookupTk);
  tap_digits(by_tk, tk.substr(3, 4) + tk.substr(8));
  shot("lookup-tk");
  click(by_tk->next_button());
  ASSERT_EQ(screen(), Screen::LookupEmployee);
  tap_digits(by_employee, "9999");
  click(by_employee->next_button());
  ASSERT_TRUE(wait_for([&] { return !frame->busy() && screen() == Screen::LookupTk; }));
  EXPECT_EQ(by_tk->message()->GetLabel(),
            wxString::FromUTF8("No encontramos ningún ticket con ese número para ese número de empleado."));
  shot("lookup-refused");

  click(by_tk->next_button());
  ASSERT_EQ(screen(), Screen::LookupEmployee);
  tap_digits(by_employee, "1002");
  click(by_employee->next_button());
  ASSERT_TRUE(wait_for([&] { return screen() == Screen::LookupResult; }));
  EXPECT_EQ(frame->lookup_result_screen()->status_label()->GetLabel(),
            wxString::FromUTF8("En atención (primer nivel)"));
  shot("lookup-result");
}

// The satisfaction survey at the kiosk: a resolved ticket looked up asks "¿Quedó
// resuelto?"; a rating and "Sí" close it on the server with that rating.
TEST_F(KioskGui, AResolvedTicketLookedUpIsConfirmedAndRatedScreens) {
  server.start();
  auto transport = server.transport();
  NewTicket t;
  t.type = TicketType::Incident;
  t.category = "printer";
  t.summary = "La impresora atasca papel";
  t.description = "Atasca cada tres hojas";
  t.reporter.employee = "1002";
  auto created = ApiClient(*transport, kiosk_token).create(t, "kiosk-gui-survey");
  ASSERT_TRUE(created.ok());
  std::string tk = created->ticket.tk;
  ApiClient desk(*transport, agent);
  ASSERT_TRUE(desk.post_event(tk, EventRequest{Action::Take}).ok());
  ASSERT_TRUE(desk.post_event(tk, EventRequest{Action::Resolve, "Se cambió el rodillo"}).ok());
  open_kiosk();
  click(frame->home_screen()->lookup_button());
  tap_digits(frame->lookup_tk_screen(), tk.substr(3, 4) + tk.substr(8));
  click(frame->lookup_tk_screen()->next_button());
  tap_digits(frame->lookup_employee_screen(), "1002");
  click(frame->lookup_employee_screen()->next_button());
  ASSERT_TRUE(wait_for([&] { return screen() == Screen::LookupResult; }));
  LookupResultScreen* result = frame->lookup_result_screen();
  ASSERT_TRUE(result->survey()->IsShown()) << "a resolved ticket asks whether it is solved";
  click(result->rating_button(5));
  shot("lookup-survey");
  click(result->solved_button());
  ASSERT_TRUE(wait_for([&] { return !frame->busy() && !result->survey()->IsShown(); }));
  EXPECT_EQ(result->survey_message()->GetLabel(), wxString::FromUTF8("¡Gracias! Su ticket quedó cerrado."));
  shot("lookup-survey-thanks");
  auto on_server = desk.get(tk);
  ASSERT_TRUE(on_server.ok());
  EXPECT_EQ(on_server->status, Status::Closed);
  EXPECT_EQ(on_server->satisfaction.rating, 5);
}

// While the summary is typed, the kiosk's copy of the knowledge base suggests articles; one
// that solves it ends the visit without a report, and the answer reaches the server once.
TEST_F(KioskGui, ArticlesAreSuggestedWhileDescribingAndOneCanSolveItScreens) {
  server.start();
  open_kiosk();
  ASSERT_TRUE(wait_for([&] { return frame->store().kb_size() > 0; })) << "the kiosk's copy of the knowledge base";
  click(frame->home_screen()->report_button());
  tap_digits(frame->employee_screen(), "1002");
  click(frame->employee_screen()->next_button());
  click(frame->type_screen()->incident_button());
  click(frame->category_screen()->tile("printer"));
  click(frame->impact_screen()->next_button());
  ASSERT_EQ(screen(), Screen::Describe);
  DescribeScreen* describe = frame->describe_screen();
  describe->summary_field()->SetValue(wxString::FromUTF8("impresoras no imprimen"));
  ASSERT_TRUE(wait_for([&] { return !describe->suggestion_titles().empty(); }));
  EXPECT_EQ(describe->suggestion_titles().front(), "La impresora no imprime");
  shot("describe-suggestions");

  describe->open_suggestion(0);
  ASSERT_EQ(screen(), Screen::Article);
  ArticleScreen* article = frame->article_screen();
  EXPECT_EQ(article->title_label()->GetLabel(), wxString::FromUTF8("La impresora no imprime"));
  shot("article");
  click(article->not_solved_button());
  ASSERT_EQ(screen(), Screen::Describe);
  EXPECT_EQ(describe->summary_field()->GetValue(), wxString::FromUTF8("impresoras no imprimen")) << "nothing lost";

  describe->open_suggestion(0);
  click(article->solved_button());
  EXPECT_TRUE(article->thanks_label()->IsShown());
  EXPECT_EQ(article->thanks_label()->GetLabel(),
            wxString::FromUTF8("¡Qué bien que se resolvió! No hace falta un reporte."));
  shot("article-solved");
  click(article->done_button());
  ASSERT_EQ(screen(), Screen::Home);
  SQLite::Database db(server.db_path(), SQLite::OPEN_READONLY);
  ASSERT_TRUE(
      wait_for([&] { return db.execAndGet("SELECT COUNT(*) FROM kb_feedback WHERE helpful = 1").getInt() == 1; }));
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM tickets").getInt(), 0) << "no report was needed";
}

TEST_F(KioskGui, IdleResetWipesWhatWasEnteredScreens) {
  server.start();
  open_kiosk();
  click(frame->home_screen()->report_button());
  tap_digits(frame->employee_screen(), "1002");
  click(frame->employee_screen()->next_button());
  click(frame->type_screen()->incident_button());
  click(frame->category_screen()->tile("network"));
  click(frame->impact_screen()->next_button());
  frame->describe_screen()->summary_field()->SetValue(wxString::FromUTF8("Dato privado de Ana"));
  auto now = KioskFrame::now_ms();
  frame->tick(now + 51'000);
  EXPECT_FALSE(frame->countdown()->GetLabel().empty()) << "the last ten seconds are shown";
  shot("countdown");
  frame->tick(now + 61'000);
  EXPECT_EQ(screen(), Screen::Home);
  EXPECT_FALSE(frame->flow().has_entries());
  const std::pair<const char*, wxTextCtrl*> fields[] = {{"employee", frame->employee_screen()->field()},
                                                        {"summary", frame->describe_screen()->summary_field()},
                                                        {"description", frame->describe_screen()->description_field()},
                                                        {"name", frame->describe_screen()->name_field()},
                                                        {"lookup tk", frame->lookup_tk_screen()->field()},
                                                        {"lookup employee", frame->lookup_employee_screen()->field()}};
  for (const auto& [name, field] : fields) EXPECT_TRUE(field->GetValue().empty()) << name;
}

TEST_F(KioskGui, EscapeAndAltF4DoNotCloseIt) {
  server.start();
  open_kiosk();
  click(frame->home_screen()->report_button());
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
  AdminPinScreen* pin = frame->admin_pin_screen();
  tap_digits(pin, "1111");
  click(pin->next_button());
  EXPECT_EQ(screen(), Screen::AdminPin);
  EXPECT_EQ(pin->message()->GetLabel(), "PIN incorrecto.");
  tap_digits(pin, "2468");
  click(pin->next_button());
  ASSERT_EQ(screen(), Screen::Admin);
  shot("admin");
  click(frame->admin_screen()->exit_button());
  ASSERT_TRUE(wait_for([&] { return wxTopLevelWindows.empty() || !frame->IsShown(); }));
  frame = nullptr;  // closed by the administrator
}

}  // namespace tk::kiosk
