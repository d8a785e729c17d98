// The tray's windows under Xvfb, in Spanish, against the real tk-server on 127.0.0.1:
// typing and clicking with wxUIActionSimulator, checking on the server what arrived.
#include <gtest/gtest.h>
#include <wx/app.h>
#include <wx/button.h>
#include <wx/choice.h>
#include <wx/display.h>
#include <wx/hyperlink.h>
#include <wx/stattext.h>
#include <wx/taskbar.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>

#include <signal.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <functional>
#include <thread>

#include "queue_window.h"
#include "article_window.h"
#include "report_window.h"
#include "satisfaction_window.h"
#include "screenshot.h"
#include "gui_support.h"
#include "server_process.h"
#include "settings_dialog.h"
#include "tickets_window.h"
#include "tk/api_client.h"
#include "tray_controller.h"
#include "tray_icon.h"
#include "translations.h"

namespace tk::tray {
namespace {

using test::click;
using test::save_screenshot;
using test::settle;
using test::wait_for;

void type_into(wxTextCtrl* field, const std::string& text) {
  click(field);
  field->SetFocus();
  settle();
  wxUIActionSimulator sim;
  sim.Text(text.c_str());
  settle();
}

void choose(wxChoice* choice, const wxString& label) {
  int index = choice->FindString(label);
  ASSERT_NE(index, wxNOT_FOUND) << label;
  choice->SetSelection(index);
}

class TrayGui : public ::testing::Test {
 protected:
  void SetUp() override {
    employee = server.create_token("employee", "1002", "Ana López Hernández");
    agent = server.create_token("agent", "", "Mesa de servicios");
  }

  void TearDown() override {
    if (controller) controller->shutdown();
    controller.reset();
    settle();
  }

  void start_tray(bool icon = false, ui::Language language = ui::Language::Spanish, std::string token = {}) {
    TrayOptions options;
    options.settings.server_url = server.url();
    options.settings.token = token.empty() ? employee : token;
    options.settings.language = language;
    options.settings.location = "Edificio B, piso 3";
    options.data_dir = data.path();
    options.show_tray_icon = icon;
    controller = std::make_unique<TrayController>(options);
    controller->start();
  }

  void fill_fault_report(ReportWindow* window, const std::string& summary) {
    choose(window->category_field(), wxString::FromUTF8("Impresoras y escáneres"));
    type_into(window->summary_field(), summary);
    ASSERT_EQ(std::string(window->summary_field()->GetValue().utf8_str()), summary) << "typed with the simulator";
    window->description_field()->SetValue(wxString::FromUTF8("Desde la mañana la impresora saca las hojas en blanco."));
  }

  // An incident as an employee's client files it through the API.
  static NewTicket incident(const std::string& category, const std::string& summary, const std::string& description) {
    NewTicket t;
    t.type = TicketType::Incident;
    t.category = category;
    t.summary = summary;
    t.description = description;
    return t;
  }

  Ticket on_server(const std::string& tk) {
    auto transport = server.transport();
    auto ticket = ApiClient(*transport, agent).get(tk);
    EXPECT_TRUE(ticket.ok()) << tk;
    return ticket.ok() ? *ticket : Ticket{};
  }

  test::TempDir data;
  test::ServerProcess server;
  std::string employee, agent;
  std::unique_ptr<TrayController> controller;
};

}  // namespace

TEST_F(TrayGui, ReportWindowSendsTheReportAndShowsItsTk) {
  server.start();
  start_tray();
  ReportWindow* window = controller->show_report(ReportKind::Fault);
  ASSERT_TRUE(wait_for([&] { return window->IsShown(); }));
  fill_fault_report(window, "Printer on floor 3 prints blank pages");
  save_screenshot("tray-report-filled");
  click(window->send_button());
  ASSERT_TRUE(wait_for([&] { return window->stage() == ReportWindow::Stage::Sent; })) << "no TK shown";
  std::string tk = window->shown_tk();
  ASSERT_EQ(tk.rfind("TK-", 0), 0u) << tk;
  save_screenshot("tray-report-sent");

  Ticket t = on_server(tk);
  EXPECT_EQ(t.summary, "Printer on floor 3 prints blank pages");
  EXPECT_EQ(t.category, "printer");
  EXPECT_EQ(t.channel, Channel::Tray);
  EXPECT_EQ(t.reporter.employee, "1002");
  EXPECT_EQ(t.reporter.location, "Edificio B, piso 3");
  EXPECT_FALSE(t.device.hostname.empty()) << "the machine's details travel with the report";
  ASSERT_EQ(t.attachments.size(), 1u) << "the screenshot taken before the window opened";
  EXPECT_EQ(t.attachments[0].content_type, "image/png");
  EXPECT_TRUE(controller->notifications().empty()) << "the TK was shown at once; no notification needed";
}

TEST_F(TrayGui, MissingFieldsAreShownBesideThemInSpanish) {
  server.start();
  start_tray();
  ReportWindow* window = controller->show_report(ReportKind::Fault);
  ASSERT_TRUE(wait_for([&] { return window->IsShown(); }));
  click(window->send_button());
  EXPECT_EQ(window->stage(), ReportWindow::Stage::Editing);
  for (const char* field : {"category", "summary", "description"}) {
    auto* label = window->error_label(field);
    ASSERT_TRUE(label) << field;
    EXPECT_TRUE(label->IsShown()) << field;
    EXPECT_FALSE(label->GetLabel().empty()) << field;
  }
  EXPECT_EQ(window->error_label("summary")->GetLabel(), wxString::FromUTF8("Escriba en una línea qué está pasando."));
  save_screenshot("tray-report-errors");
  // Typing clears the message beside the field.
  type_into(window->summary_field(), "Monitor off");
  EXPECT_FALSE(window->error_label("summary")->IsShown());
}

TEST_F(TrayGui, OfflineReportIsSavedThenItsTkArrivesWithANotification) {
  start_tray();  // the server is not running yet
  ReportWindow* window = controller->show_report(ReportKind::Fault);
  ASSERT_TRUE(wait_for([&] { return window->IsShown(); }));
  fill_fault_report(window, "Filed while the network is down");
  click(window->send_button());
  ASSERT_TRUE(wait_for([&] { return window->stage() == ReportWindow::Stage::Queued; }));
  std::string local_id = window->local_id();
  EXPECT_EQ(local_id.rfind("L-", 0), 0u);
  save_screenshot("tray-report-queued");

  server.start();
  controller->sync_now();
  ASSERT_TRUE(wait_for([&] { return window->stage() == ReportWindow::Stage::Sent; }, 30000));
  std::string tk = window->shown_tk();
  EXPECT_EQ(on_server(tk).summary, "Filed while the network is down");
  ASSERT_FALSE(controller->notifications().empty());
  EXPECT_EQ(controller->notifications().back().tk, tk);
  save_screenshot("tray-report-sent-later");
}

TEST_F(TrayGui, AnAgentsMoveRaisesANotificationAndUpdatesMyTickets) {
  server.start();
  auto transport = server.transport();
  auto created = ApiClient(*transport, employee)
                     .create(incident("email", "No recibo correo externo", "Desde ayer no llegan correos de fuera."),
                             "gui-test-key");
  ASSERT_TRUE(created.ok());
  std::string tk = created->ticket.tk;
  start_tray();
  TicketsWindow* window = controller->show_tickets();
  controller->sync_now();
  ASSERT_TRUE(wait_for([&] { return window->status_shown(tk) == "Registrado"; })) << window->status_shown(tk);
  EXPECT_TRUE(controller->notifications().empty()) << "a ticket seen for the first time is no news";

  ApiClient desk(*transport, agent);
  ASSERT_TRUE(desk.post_event(tk, EventRequest{Action::Take, "Revisamos el filtro de correo", "", ""}).ok());
  ASSERT_TRUE(desk.post_event(tk, EventRequest{Action::AskUser, "¿Le pasa con todos los remitentes?", "", ""}).ok());
  controller->sync_now();
  ASSERT_TRUE(wait_for([&] { return window->status_shown(tk) == "En espera de su respuesta"; }))
      << window->status_shown(tk);
  ASSERT_FALSE(controller->notifications().empty());
  EXPECT_EQ(controller->notifications().back().tk, tk);
  EXPECT_NE(controller->notifications().back().title.find("En espera de su respuesta"), std::string::npos)
      << controller->notifications().back().title;
  window->select(tk);
  save_screenshot("tray-tickets-pending-user");
}

// The tray of an on-site engineer (docs/design.md section 9): a ticket escalated to their group
// is announced with a warning that its 20-minute stage is due soon, the first level's
// assignment to them is announced too, and "Mi cola" lists it.
TEST_F(TrayGui, AnAgentsTrayAnnouncesHandOversAndStagesAboutToBreach) {
  server.configure("[sla]\npriority4_seconds = 1200\n");
  std::string engineer = server.create_token("agent", "", "Iván Castro", {"--login", "icastro", "--group", "sitio"});
  std::string first_level = server.create_token("agent", "", "Luis Pérez", {"--login", "lperez", "--group", "mesa"});
  server.start();
  start_tray(false, ui::Language::Spanish, engineer);
  ASSERT_TRUE(wait_for([&] { return controller->is_desk() && controller->queue_reads() > 0; }))
      << "the token's identity says agent, and the queue was read once (empty)";

  auto transport = server.transport();
  auto created = ApiClient(*transport, employee)
                     .create(incident("printer", "La impresora del piso 3 atasca todas las hojas",
                                      "Desde la mañana; ya se revisó la bandeja."),
                             "gui-desk-key");
  ASSERT_TRUE(created.ok());
  std::string tk = created->ticket.tk;
  ApiClient desk(*transport, first_level);
  ASSERT_TRUE(desk.post_event(tk, EventRequest{Action::Take}).ok());
  ASSERT_TRUE(desk.post_event(tk, EventRequest{Action::Escalate, "Requiere revisión en sitio"}).ok());

  auto said = [&](const std::string& words) {
    for (const auto& n : controller->notifications())
      if (n.tk == tk && n.title.find(words) != std::string::npos) return true;
    return false;
  };
  controller->refresh_queue();
  ASSERT_TRUE(wait_for([&] { return said("llegó a la cola de su grupo"); }));
  ASSERT_TRUE(wait_for([&] { return said("la etapa vence en"); })) << "a 20-minute stage is within the 30 minutes";
  EXPECT_TRUE(controller->notifications().back().for_desk);

  EventRequest to_engineer{Action::Assign};
  to_engineer.assignee = "icastro";
  ASSERT_TRUE(desk.post_event(tk, to_engineer).ok());
  controller->refresh_queue();
  ASSERT_TRUE(wait_for([&] { return said("Se le asignó"); }));
  std::size_t told = controller->notifications().size();

  QueueWindow* queue = controller->show_queue(tk);
  ASSERT_TRUE(wait_for([&] { return queue->shown() == std::vector<std::string>{tk}; }));
  EXPECT_NE(queue->due_text(tk).find("Vence en"), std::string::npos) << queue->due_text(tk);
  save_screenshot("tray-agent-queue");
  int reads = controller->queue_reads();
  controller->refresh_queue();
  ASSERT_TRUE(wait_for([&] { return controller->queue_reads() > reads; }));
  EXPECT_EQ(queue->shown(), std::vector<std::string>{tk});
  EXPECT_EQ(controller->notifications().size(), told) << "nothing new, nothing said";
}

// ISO 9001's satisfaction from the tray: the resolved ticket is confirmed with a rating
// and a comment, and a closed one not rated yet offers the rating alone.
TEST_F(TrayGui, AResolvedTicketIsConfirmedWithARating) {
  server.start();
  auto transport = server.transport();
  NewTicket report = incident("email", "No recibo correo externo", "Desde ayer no llegan correos de fuera.");
  ApiClient own(*transport, employee), desk(*transport, agent);
  auto first = own.create(report, "gui-rating-1");
  report.summary = "Outlook se cierra solo";
  auto second = own.create(report, "gui-rating-2");
  ASSERT_TRUE(first.ok() && second.ok());
  for (const auto& tk : {first->ticket.tk, second->ticket.tk}) {
    ASSERT_TRUE(desk.post_event(tk, EventRequest{Action::Take}).ok());
    ASSERT_TRUE(desk.post_event(tk, EventRequest{Action::Resolve, "Se corrigió el filtro de correo"}).ok());
  }
  ASSERT_TRUE(own.post_event(second->ticket.tk, EventRequest{Action::Confirm}).ok());  // closed, not rated
  start_tray();
  TicketsWindow* window = controller->show_tickets();
  controller->sync_now();
  std::string tk = first->ticket.tk;
  ASSERT_TRUE(wait_for([&] { return window->status_shown(tk) == "Resuelto"; })) << window->status_shown(tk);
  window->select(tk);
  settle();
  ASSERT_TRUE(window->rating_field()->IsShown());
  EXPECT_TRUE(window->action_button(Action::Reopen)) << "or reopen";
  choose(window->rating_field(), wxString::FromUTF8("5 - Excelente"));
  window->note_field()->SetValue(wxString::FromUTF8("Muy rápido, gracias"));
  save_screenshot("tray-rating");
  click(window->action_button(Action::Confirm));
  ASSERT_TRUE(wait_for([&] { return on_server(tk).status == Status::Closed; }));
  EXPECT_EQ(on_server(tk).satisfaction.rating, 5);
  EXPECT_EQ(on_server(tk).satisfaction.comment, "Muy rápido, gracias");

  std::string closed = second->ticket.tk;
  ASSERT_TRUE(wait_for([&] { return !window->status_shown(closed).empty(); }));
  window->select(closed);
  settle();
  wxButton* rate = window->action_button(Action::Rate);
  ASSERT_TRUE(rate) << "a closed ticket not rated offers the rating alone";
  click(rate);
  EXPECT_EQ(on_server(closed).satisfaction.rating, 0) << "not without choosing one";
  choose(window->rating_field(), wxString::FromUTF8("3 - Regular"));
  click(window->action_button(Action::Rate));
  ASSERT_TRUE(wait_for([&] { return on_server(closed).satisfaction.rating == 3; }));
}

// Offline, a confirmation with its rating waits in the outbox, shown on the ticket instead of
// the buttons (so it is not made twice), and reaches the server once when it is back.
TEST_F(TrayGui, AConfirmationMadeOfflineWaitsOnTheTicketAndArrivesWhenTheServerIsBack) {
  server.start();
  auto transport = server.transport();
  ApiClient own(*transport, employee), desk(*transport, agent);
  auto filed = own.create(incident("printer", "No imprime a color", "La impresora del piso 3 solo imprime en gris."),
                          "gui-offline-confirm");
  ASSERT_TRUE(filed.ok());
  std::string tk = filed->ticket.tk;
  ASSERT_TRUE(desk.post_event(tk, EventRequest{Action::Take}).ok());
  ASSERT_TRUE(desk.post_event(tk, EventRequest{Action::Resolve, "Se cambió el cartucho de color"}).ok());
  start_tray();
  TicketsWindow* window = controller->show_tickets();
  controller->sync_now();
  ASSERT_TRUE(wait_for([&] { return window->status_shown(tk) == "Resuelto"; })) << window->status_shown(tk);
  server.terminate();

  window->select(tk);
  settle();
  choose(window->rating_field(), wxString::FromUTF8("4 - Buena"));
  click(window->action_button(Action::Confirm));
  const std::string waiting = "Resuelto · Su confirmación está guardada; se enviará al recuperar la conexión";
  ASSERT_TRUE(wait_for([&] { return window->status_shown(tk) == waiting; })) << window->status_shown(tk);
  window->select(tk);
  settle();
  EXPECT_FALSE(window->action_button(Action::Confirm)) << "not offered twice while the first waits";
  EXPECT_FALSE(window->rating_field()->IsShown());
  save_screenshot("tray-confirm-offline");

  server.start();
  controller->sync_now();
  ASSERT_TRUE(wait_for([&] { return on_server(tk).status == Status::Closed; }));
  EXPECT_EQ(on_server(tk).satisfaction.rating, 4);
  int confirmations = 0;
  for (const auto& e : on_server(tk).history) confirmations += e.action == Action::Confirm;
  EXPECT_EQ(confirmations, 1);
  ASSERT_TRUE(wait_for([&] { return window->status_shown(tk).rfind("Cerrado", 0) == 0; })) << window->status_shown(tk);
  EXPECT_EQ(window->status_shown(tk).find("guardada"), std::string::npos);
}

// The notification of a resolved ticket leads to "¿Quedó resuelto?": confirmed with a
// rating there; another ticket said to go on failing is reopened, offline too.
TEST_F(TrayGui, TheResolvedNotificationAsksWhetherItIsSolvedAndForARating) {
  server.start();
  auto transport = server.transport();
  ApiClient own(*transport, employee), desk(*transport, agent);
  NewTicket report = incident("software", "Excel se congela al abrir", "Al abrir el reporte mensual se congela.");
  auto first = own.create(report, "gui-survey-1");
  report.summary = "La VPN se desconecta";
  auto second = own.create(report, "gui-survey-2");
  ASSERT_TRUE(first.ok() && second.ok());
  for (const auto& tk : {first->ticket.tk, second->ticket.tk})
    ASSERT_TRUE(desk.post_event(tk, EventRequest{Action::Take}).ok());
  start_tray();
  controller->sync_now();
  // The tray must have seen them in progress: a ticket seen for the first time is not news.
  ASSERT_TRUE(wait_for([&] {
    auto cached = controller->store().ticket(second->ticket.tk);
    return cached && cached->ticket.status == Status::InProgress;
  }));
  for (const auto& tk : {first->ticket.tk, second->ticket.tk})
    ASSERT_TRUE(desk.post_event(tk, EventRequest{Action::Resolve, "Se reinstaló Office"}).ok());
  controller->sync_now();
  std::string tk = first->ticket.tk;
  const Notification* resolved = nullptr;
  ASSERT_TRUE(wait_for([&] {
    for (const auto& n : controller->notifications())
      if (n.tk == tk && n.asks_satisfaction) resolved = &n;
    return resolved != nullptr;
  }));
  controller->open_notification(*resolved);
  SatisfactionWindow* survey = controller->show_satisfaction(tk);
  ASSERT_TRUE(survey) << "a click on it asks whether it is solved";
  ASSERT_TRUE(wait_for([&] { return survey->IsShown(); }));
  EXPECT_EQ(survey->GetTitle(), wxString::FromUTF8("¿Quedó resuelto?"));
  choose(survey->rating_field(), wxString::FromUTF8("5 - Excelente"));
  survey->comment_field()->SetValue(wxString::FromUTF8("Rápido y amable"));
  save_screenshot("tray-satisfaction");
  click(survey->solved_button());
  ASSERT_TRUE(wait_for([&] { return on_server(tk).status == Status::Closed; }));
  EXPECT_EQ(on_server(tk).satisfaction.rating, 5);
  EXPECT_EQ(on_server(tk).satisfaction.comment, "Rápido y amable");
  EXPECT_FALSE(controller->show_satisfaction(tk)) << "answered: My tickets shows it as it is now";

  std::string vpn = second->ticket.tk;
  server.terminate();
  survey = controller->show_satisfaction(vpn);
  ASSERT_TRUE(survey);
  click(survey->not_solved_button());
  EXPECT_EQ(survey->message(), "Cuéntele a la mesa de servicios qué sigue fallando.");
  survey->comment_field()->SetValue(wxString::FromUTF8("Se sigue cayendo cada hora"));
  click(survey->not_solved_button());
  ASSERT_TRUE(wait_for([&] {
    auto actions = controller->store().actions();
    return actions.size() == 1 && actions[0].event.action == Action::Reopen;
  })) << "offline, the reopening waits in the outbox";
  server.start();
  controller->sync_now();
  ASSERT_TRUE(wait_for([&] { return on_server(vpn).status == Status::InProgress; }));
  EXPECT_EQ(on_server(vpn).history.back().note, "Se sigue cayendo cada hora");
}

// While the summary is typed, the knowledge base's copy suggests articles; one opened and
// said to solve the problem closes the form without a report, and the answer reaches the
// server once. "No, seguir con el reporte" goes back with nothing lost.
TEST_F(TrayGui, ArticlesAreSuggestedWhileTypingAndOneCanSolveItWithoutAReport) {
  server.start();
  start_tray();
  controller->sync_now();
  ASSERT_TRUE(wait_for([&] { return controller->store().kb_size() > 0; })) << "the copy of the knowledge base";
  wxWeakRef<ReportWindow> form = controller->show_report(ReportKind::Fault);
  ASSERT_TRUE(wait_for([&] { return form->IsShown(); }));
  form->summary_field()->SetValue(wxString::FromUTF8("impresoras no imprimen"));
  ASSERT_TRUE(wait_for([&] { return !form->suggestion_titles().empty(); }));
  EXPECT_EQ(form->suggestion_titles().front(), "La impresora no imprime");
  EXPECT_LE(form->suggestion_titles().size(), 3u);
  save_screenshot("tray-report-suggestions");

  ArticleWindow* article = form->open_suggestion(0);
  ASSERT_TRUE(article);
  ASSERT_TRUE(wait_for([&] { return article->IsShown(); }));
  save_screenshot("tray-article");
  click(article->not_solved_button());
  ASSERT_TRUE(wait_for([&] { return !form->article_window(); }));
  EXPECT_EQ(form->summary_field()->GetValue(), wxString::FromUTF8("impresoras no imprimen")) << "nothing lost";

  article = form->open_suggestion(0);
  ASSERT_TRUE(article);
  click(article->solved_button());
  ASSERT_TRUE(wait_for([&] { return !form; })) << "solved without a report: the form closes";
  controller->sync_now();
  SQLite::Database db(server.db_path(), SQLite::OPEN_READONLY);
  ASSERT_TRUE(
      wait_for([&] { return db.execAndGet("SELECT COUNT(*) FROM kb_feedback WHERE helpful = 1").getInt() == 1; }));
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM tickets").getInt(), 0);
  EXPECT_TRUE(controller->store().kb_feedback().empty()) << "sent once, nothing left to send";
}

// The desk ties a knowledge-base article to the case (procedure 3, issue 16): "Mis tickets"
// shows it as a link, and it opens to be read from this computer's copy of the knowledge
// base, with nothing to decide (only Cerrar).
TEST_F(TrayGui, AnArticleTheDeskLinkedOpensFromMyTickets) {
  server.start();
  auto transport = server.transport();
  ApiClient own(*transport, employee), desk(*transport, agent);
  auto created = own.create(incident("printer", "La impresora del piso 3 no imprime", "Sale la hoja en blanco."),
                            "gui-linked-article");
  ASSERT_TRUE(created.ok()) << created.error().message;
  std::string tk = created->ticket.tk;
  std::int64_t article = 0;
  {
    SQLite::Database db(server.db_path(), SQLite::OPEN_READONLY);
    article = db.execAndGet("SELECT id FROM kb_articles WHERE title = 'La impresora no imprime'").getInt64();
  }
  ASSERT_GT(article, 0);
  EventRequest link(Action::LinkArticle);
  link.article = static_cast<int>(article);
  ASSERT_TRUE(desk.post_event(tk, link).ok());

  start_tray();
  TicketsWindow* window = controller->show_tickets();
  controller->sync_now();
  ASSERT_TRUE(wait_for([&] { return !window->status_shown(tk).empty() && controller->store().kb_size() > 0; }));
  window->select(tk);
  settle();
  ASSERT_EQ(window->article_links().size(), 1u);
  EXPECT_EQ(window->article_links()[0]->GetLabel(), wxString::FromUTF8("Artículo de ayuda: La impresora no imprime"));
  save_screenshot("tray-tickets-linked-article");

  ArticleWindow* opened = window->open_article(article);
  ASSERT_TRUE(opened);
  ASSERT_TRUE(wait_for([&] { return opened->IsShown(); }));
  EXPECT_EQ(opened->article_id(), article);
  EXPECT_FALSE(opened->solved_button()) << "read from a ticket: nothing to decide";
  save_screenshot("tray-linked-article");
  opened->Close();

  EXPECT_FALSE(window->open_article(999999)) << "not in the copy";
  EXPECT_TRUE(window->action_message().Contains(wxString::FromUTF8("aún no está en este equipo")))
      << window->action_message();
}

// Enrolment without a pasted token (issue 14): the settings dialog trades the one-time
// code the desk gave for the employee's own token, says who it is for, and keeps it on OK.
TEST_F(TrayGui, SettingsTradeAnEnrolmentCodeForTheEmployeesOwnToken) {
  auto made = test::run_program(
      {TK_SERVER_BIN, "enrol", "create", "--db", server.db_path(), "--employee", "1007", "--name", "Rosa Díaz"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  std::string code = made.out.substr(0, made.out.find('\n'));
  server.start();
  start_tray();
  TraySettings blank = controller->settings();
  blank.token.clear();
  SettingsDialog settings(nullptr, blank, false, controller->enroller(), controller->keeper());
  settings.Show();
  settle();
  ASSERT_NE(settings.code_field(), nullptr);
  EXPECT_EQ(settings.enrol_status(),
            wxString::FromUTF8("Si no tiene token, inicie sesión con su cuenta institucional o escriba el código que "
                               "le dio la mesa de servicios."));
  EXPECT_TRUE(settings.user_field()->HasFocus()) << "without a token, the account is the first thing to type";
  save_screenshot("tray-settings-enrolment");

  // This server has no directory: the account is sent, and the answer says what to do
  // instead (the directory itself is tested against slapd in directory_signin_test.py).
  settings.user_field()->ChangeValue("rdiaz");
  settings.password_field()->ChangeValue(wxString::FromUTF8("Contraseña-1"));
  click(settings.sign_in_button());
  ASSERT_TRUE(wait_for([&] { return settings.enrol_status().Contains("no inscribe con la cuenta del directorio"); }))
      << settings.enrol_status();
  EXPECT_TRUE(settings.password_field()->IsEmpty()) << "the password is not kept in the window";
  EXPECT_TRUE(settings.settings().token.empty());
  settle();
  save_screenshot("tray-settings-no-directory");

  settings.code_field()->ChangeValue("no-sirve-1234");
  click(settings.enrol_button());
  ASSERT_TRUE(wait_for([&] { return settings.enrol_status().Contains(wxString::FromUTF8("ya se usó o venció")); }))
      << settings.enrol_status();
  EXPECT_TRUE(settings.settings().token.empty()) << "nothing taken from a wrong code";

  // Typed as people type it: lower case, spaces.
  wxString typed = wxString::FromUTF8(code).Lower();
  typed.Replace("-", " ");
  settings.code_field()->ChangeValue(typed);
  click(settings.enrol_button());
  ASSERT_TRUE(wait_for([&] { return settings.enrol_status().StartsWith("Inscrito"); })) << settings.enrol_status();
  EXPECT_EQ(settings.enrol_status(), wxString::FromUTF8("Inscrito como Rosa Díaz (1007). El token quedó guardado."));
  settle();
  save_screenshot("tray-settings-enrolled");
  std::string token = settings.settings().token;
  ASSERT_EQ(token.rfind("tk_", 0), 0u) << token;
  EXPECT_TRUE(settings.code_field()->IsEmpty());
  EXPECT_EQ(controller->settings().token, token) << "kept at once: the code is spent, OK or not";
  auto transport = server.transport();
  auto me = ApiClient(*transport, token).me();
  ASSERT_TRUE(me.ok());
  EXPECT_EQ(me->employee, "1007");
  settings.Hide();
}

TEST_F(TrayGui, SecurityFormTicketsWindowAndSettingsInSpanish) {
  server.start();
  start_tray();
  ReportWindow* security = controller->show_report(ReportKind::Security);
  ASSERT_TRUE(wait_for([&] { return security->IsShown(); }));
  EXPECT_EQ(security->GetTitle(), wxString::FromUTF8("Reportar un incidente de seguridad"));
  save_screenshot("tray-security-form");
  security->Destroy();
  settle();

  SettingsDialog settings(nullptr, controller->settings(), false);
  settings.Show();
  settle();
  save_screenshot("tray-settings");
  // It shows the current settings and gives back what is in its fields.
  auto shown = settings.settings();
  EXPECT_EQ(shown.server_url, server.url());
  EXPECT_EQ(shown.token, employee);
  EXPECT_EQ(shown.language, ui::Language::Spanish);
  EXPECT_EQ(shown.poll_minutes, 1);
  EXPECT_FALSE(settings.start_at_login());
  // Its buttons in Spanish too (GTK's stock buttons would say "Cancel" and "OK").
  EXPECT_NE(wxWindow::FindWindowByLabel("Cancelar", &settings), nullptr);
  EXPECT_NE(wxWindow::FindWindowByLabel("Aceptar", &settings), nullptr);
  settings.Hide();

  // A server and interval the organisation's policy sets: shown, greyed out, kept.
  auto managed = controller->settings();
  managed.policy.server_url = "https://mesa.energia.gob.mx";
  managed.policy.poll_minutes = 15;
  managed.server_url = "https://mesa.energia.gob.mx";
  managed.poll_minutes = 15;
  SettingsDialog fixed(nullptr, managed, true);
  fixed.Show();
  settle();
  save_screenshot("tray-settings-policy");
  wxTextCtrl* server_field = nullptr;
  for (wxWindow* child : fixed.GetChildren())
    if (auto* text = dynamic_cast<wxTextCtrl*>(child); text && text->GetValue() == "https://mesa.energia.gob.mx")
      server_field = text;
  ASSERT_NE(server_field, nullptr);
  EXPECT_FALSE(server_field->IsEnabled());
  server_field->ChangeValue("https://otro");
  EXPECT_EQ(fixed.settings().server_url, "https://mesa.energia.gob.mx");
  EXPECT_EQ(fixed.settings().poll_minutes, 15);
  EXPECT_NE(wxWindow::FindWindowByLabel(wxString::FromUTF8("Establecido por su organización"), &fixed), nullptr);
  fixed.Hide();

  server.terminate();
  TicketsWindow* tickets = controller->show_tickets();
  controller->sync_now();
  ASSERT_TRUE(wait_for([&] { return controller->status().known && !controller->status().online; }));
  tickets->refresh();
  EXPECT_TRUE(tickets->offline_banner_shown());
  EXPECT_EQ(tickets->offline_banner_text().rfind("Sin conexión: se muestra lo último que confirmó el servidor", 0), 0u)
      << tickets->offline_banner_text();
  save_screenshot("tray-tickets-offline");
}

// A failure of the cache file (SQLite's "disk I/O error" as a full or failing disk gives it)
// in a window's use of it comes back as an Error in the user's language, which the window
// shows; nothing is thrown into wx's event loop. (A damaged file cannot be made to fail on
// demand here: SQLite answers from the pages it already holds.)
TEST_F(TrayGui, ACacheFailureIsAnErrorForTheWindowNotAnException) {
  server.start();
  start_tray();
  auto used = controller->with_cache([](ClientStore&) -> int { throw std::runtime_error("disk I/O error"); });
  ASSERT_FALSE(used.ok());
  EXPECT_EQ(used.error().code, "cache_unreadable");
  EXPECT_EQ(used.error()
                .message_in(ui::Language::Spanish)
                .rfind("No se pudo leer la caché de este equipo (disk I/O error)", 0),
            0u)
      << used.error().message;
  auto fine = controller->with_cache([](ClientStore& store) { return store.outbox().size(); });
  ASSERT_TRUE(fine.ok());
  EXPECT_EQ(*fine, 0u);
}

// --server and --token (or TK_SERVER, TK_TOKEN) point one run elsewhere: what that run
// learns (the other token's owner) and saves (contact details) must not carry the test
// server or token into the user's tray.ini.
TEST_F(TrayGui, ARunsOverridesDoNotStickInTheSettingsFile) {
  server.start();
  std::string ini = data.file("tray.ini");
  TraySettings own;
  own.server_url = "https://mesa.example.gob.mx";
  own.token = "tk_el-token-propio-del-usuario";
  own.name = "Usuario del equipo";
  own.employee = "3003";
  ASSERT_TRUE(save_settings(ini, own));
  TrayOptions options;
  options.settings_path = ini;
  options.settings = load_settings(ini);
  options.overrides = Overrides{server.url(), employee, ""};
  apply(options.settings, options.overrides);
  options.data_dir = data.path();
  options.show_tray_icon = false;
  controller = std::make_unique<TrayController>(options);
  controller->start();
  ASSERT_TRUE(wait_for([&] { return controller->identity().employee == "1002"; })) << "this run uses the override";
  Reporter contact;
  contact.email = "ana.lopez@energia.gob.mx";
  controller->remember_contact(contact);
  TraySettings after = load_settings(ini);
  EXPECT_EQ(after.server_url, own.server_url);
  EXPECT_EQ(after.token, own.token);
  EXPECT_EQ(after.employee, "3003") << "the other token's owner is not this file's";
  EXPECT_EQ(after.email, "ana.lopez@energia.gob.mx") << "what the person typed is kept";
}

TEST_F(TrayGui, EnglishLayoutsFitToo) {
  gui::install_translations(ui::Language::English, "tk-tray");
  server.start();
  start_tray(false, ui::Language::English);
  ReportWindow* window = controller->show_report(ReportKind::Fault);
  ASSERT_TRUE(wait_for([&] { return window->IsShown(); }));
  EXPECT_EQ(window->GetTitle(), "Report a fault");
  click(window->send_button());
  save_screenshot("tray-report-errors-en");
  // The window stays on the screen, messages included (the form scrolls if it must).
  wxRect screen = wxDisplay(0u).GetClientArea();
  EXPECT_LE(window->GetScreenRect().GetBottom(), screen.GetBottom());
  EXPECT_GE(window->GetScreenRect().GetTop(), screen.GetTop());
  TicketsWindow* tickets = controller->show_tickets();
  tickets->Raise();
  EXPECT_EQ(tickets->GetTitle(), "My tickets");
  wxRect screen_area = wxDisplay(0u).GetClientArea();
  EXPECT_TRUE(screen_area.Contains(tickets->GetScreenRect())) << "the tickets window fits the screen";
  save_screenshot("tray-tickets-en");
  gui::install_translations(ui::Language::Spanish, "tk-tray");
}

TEST_F(TrayGui, TrayIconShowsTheConnectionAndWaitingReports) {
  // A tray host on this display, as a desktop would have.
  pid_t trayer = test::start_program(
      {"/usr/bin/trayer", "--edge", "top", "--align", "right", "--widthtype", "request", "--height", "24"}, {},
      data.file("trayer.out"), data.file("trayer.err"));
  ASSERT_TRUE(wait_for([] { return wxTaskBarIcon::IsAvailable(); }, 10000)) << "no tray host";
  server.start();
  start_tray(true);
  ASSERT_TRUE(controller->icon());
  ASSERT_TRUE(wait_for([&] { return controller->icon()->look() == TrayLook::Online; }));
  EXPECT_TRUE(controller->icon()->IsIconInstalled());
  EXPECT_NE(controller->icon()->tooltip().find(wxString::FromUTF8("Conectado")), wxNOT_FOUND);
  save_screenshot("tray-icon-online");

  server.terminate();
  NewTicket t;
  t.type = TicketType::Incident;
  t.category = "network";
  t.summary = "Sin red";
  t.description = "No hay red en el piso 2";
  controller->engine().submit(t);
  ASSERT_TRUE(wait_for([&] { return controller->icon()->look() == TrayLook::Waiting; }));
  EXPECT_NE(controller->icon()->tooltip().find(wxString::FromUTF8("Pendientes de enviar: 1")), wxNOT_FOUND)
      << controller->icon()->tooltip();
  save_screenshot("tray-icon-waiting");
  controller->shutdown();
  kill(trayer, SIGTERM);
  test::wait_program(trayer);
}

}  // namespace tk::tray
