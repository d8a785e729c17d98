// The sync engine against the real server logic in this process (TicketApi over a real
// SQLite file), reached through a transport that can be cut or lose answers.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <map>
#include <random>

#include "in_process_transport.h"
#include "temp_dir.h"
#include "http/ticket_api.h"
#include "tk/sync_engine.h"

namespace tk {
namespace {

struct RecordingObserver : SyncObserver {
  std::vector<TicketChange> changes;
  std::vector<std::pair<std::string, std::string>> sent;  // local id, TK
  std::vector<std::string> refused;
  std::vector<bool> connection;
  int pending = -1, refused_count = -1;
  void on_ticket_changed(const TicketChange& c) override { changes.push_back(c); }
  void on_outbox_changed(int p, int r) override { pending = p, refused_count = r; }
  void on_connection_changed(bool online) override { connection.push_back(online); }
  void on_report_sent(const std::string& id, const Ticket& t) override { sent.emplace_back(id, t.tk); }
  void on_report_refused(const std::string& id, const Error&) override { refused.push_back(id); }
};

class SyncEngineTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  server::Storage server_store{dir.file("server.db")};
  server::Services service{server_store, server::ServiceOptions{}, [] { return std::int64_t{1'800'000'000}; }};
  server::TicketApi server_api{service, 10 * 1024 * 1024, "test"};
  test::InProcessTransport network{server_api};
  std::string employee_token = token(Role::Employee, "1002");
  std::string agent_token = token(Role::Agent, "");
  ApiClient api{network, employee_token};
  std::unique_ptr<ClientStore> cache = ClientStore::open(dir.file("cache.db"));
  RecordingObserver observer;
  SyncEngine engine{*cache, api, SyncOptions{}, &observer, [] { return std::int64_t{1'800'000'100}; }};

  std::string token(Role role, const std::string& employee) {
    Identity id;
    id.role = role;
    id.employee = employee;
    id.name = "x";
    return service.access.create_token(id);
  }

  static NewTicket report(const std::string& summary, const std::string& category = "network") {
    NewTicket t;
    t.type = TicketType::Incident;
    t.category = category;
    t.summary = summary;
    t.description = "Descripción de " + summary;
    return t;
  }

  std::map<std::string, int> server_summaries() {
    Identity agent;
    agent.role = Role::Agent;
    std::map<std::string, int> count;
    auto list = service.tickets.list(agent, server::list_request(false, "", 1000));
    for (const auto& t : list->tickets) ++count[t.summary];
    return count;
  }
};

}  // namespace

TEST_F(SyncEngineTest, OfflineReportsAreKeptAndSentOnceWhenTheServerIsBack) {
  network.offline = true;
  auto a = engine.submit(report("uno"));
  auto b = engine.submit(report("dos"));
  auto offline = engine.sync_now();
  EXPECT_FALSE(offline.reached_server);
  EXPECT_EQ(offline.pending_left, 2);
  EXPECT_EQ(observer.pending, 2);
  EXPECT_EQ(observer.connection, std::vector<bool>{false});

  network.offline = false;
  auto online = engine.sync_now();
  EXPECT_TRUE(online.reached_server);
  EXPECT_EQ(online.sent, 2);
  EXPECT_TRUE(online.everything_sent());
  EXPECT_EQ(observer.connection, (std::vector<bool>{false, true}));
  EXPECT_EQ(observer.pending, 0);
  ASSERT_EQ(observer.sent.size(), 2u);
  // Answers are handled in the order the reports were filed (their TKs may be numbered in
  // the order they reached the server: they travel together).
  EXPECT_EQ(observer.sent[0].first, a.local_id);
  EXPECT_EQ(observer.sent[1].first, b.local_id);
  EXPECT_NE(observer.sent[0].second, observer.sent[1].second);
  EXPECT_EQ(cache->tk_for_local_id(b.local_id), observer.sent[1].second);
  EXPECT_EQ(server_summaries(), (std::map<std::string, int>{{"uno", 1}, {"dos", 1}}));
  EXPECT_TRUE(engine.sync_now().everything_sent());
  EXPECT_EQ(server_summaries().size(), 2u);
}

TEST_F(SyncEngineTest, ALostAnswerLeadsToAResendThatMakesNoSecondTicket) {
  engine.submit(report("una vez"));
  network.lose_next_answers = 1;  // the server creates the ticket, the client never hears
  auto first = engine.sync_now();
  EXPECT_EQ(first.sent, 0);
  EXPECT_EQ(first.pending_left, 1);
  auto second = engine.sync_now();
  EXPECT_EQ(second.sent, 1);
  EXPECT_EQ(server_summaries(), (std::map<std::string, int>{{"una vez", 1}}));
}

TEST_F(SyncEngineTest, RefusedReportsAreKeptWithTheReasonAndDoNotBlockTheOthers) {
  auto bad = engine.submit(report("categoría mala", "cafe"));
  engine.submit(report("buena"));
  auto result = engine.sync_now();
  EXPECT_EQ(result.sent, 1);
  EXPECT_EQ(result.refused, 1);
  EXPECT_FALSE(result.everything_sent());
  EXPECT_EQ(observer.refused, std::vector<std::string>{bad.local_id});
  auto kept = cache->outbox_entry(bad.local_id);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->state, OutboxState::Refused);
  EXPECT_EQ(kept->refusal.field, "category");
  EXPECT_FALSE(kept->refusal.message.empty());
  // Later runs leave it alone until the user corrects it.
  EXPECT_EQ(engine.sync_now().refused, 0);
  ASSERT_TRUE(engine.resubmit(bad.local_id, report("categoría corregida", "printer")));
  EXPECT_EQ(engine.sync_now().sent, 1);
  EXPECT_TRUE(cache->outbox().empty());
}

TEST_F(SyncEngineTest, AReportThatFailsOnItsOwnDoesNotHoldUpTheOthers) {
  auto stuck = engine.submit(report("atorado"));
  engine.submit(report("siguiente"));
  network.proxy_error_when_body_has = "atorado";
  auto result = engine.sync_now();
  EXPECT_EQ(result.sent, 1);
  EXPECT_EQ(result.pending_left, 1);
  ASSERT_TRUE(result.failure);
  EXPECT_EQ(result.failure->kind, ErrorKind::Unavailable);
  auto kept = cache->outbox_entry(stuck.local_id);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->state, OutboxState::Pending) << "an answer that is not the API's is no verdict";
  network.proxy_error_when_body_has.clear();
  EXPECT_TRUE(engine.sync_now().everything_sent());
  EXPECT_EQ(server_summaries(), (std::map<std::string, int>{{"atorado", 1}, {"siguiente", 1}}));
}

TEST_F(SyncEngineTest, PullBringsAnAgentsMoveAndTellsTheObserver) {
  engine.submit(report("No hay red"));
  engine.sync_now();
  std::string tk = observer.sent.at(0).second;
  observer.changes.clear();
  ApiClient agent(network, agent_token);
  ASSERT_TRUE(agent.post_event(tk, EventRequest{Action::Take, "", "", ""}).ok());
  auto result = engine.sync_now();
  EXPECT_EQ(result.pulled, 1);
  ASSERT_EQ(observer.changes.size(), 1u);
  EXPECT_EQ(observer.changes[0].ticket.tk, tk);
  EXPECT_EQ(observer.changes[0].previous_status, Status::Registered);
  EXPECT_EQ(observer.changes[0].ticket.status, Status::InProgress);
  auto cached = cache->ticket(tk);
  EXPECT_EQ(cached->ticket.level, Level::First);
  EXPECT_EQ(cached->confirmed_at, 1'800'000'100);
  // Nothing new: nothing pulled, nothing announced.
  observer.changes.clear();
  EXPECT_EQ(engine.sync_now().pulled, 0);
  EXPECT_TRUE(observer.changes.empty());
}

TEST_F(SyncEngineTest, PullPagesThroughEverything) {
  SyncOptions small;
  small.page_size = 3;
  SyncEngine paging{*cache, api, small};
  for (int i = 0; i < 8; ++i) paging.submit(report("r" + std::to_string(i)));
  paging.send_outbox();
  auto fresh = ClientStore::open(dir.file("other-cache.db"));
  SyncEngine reader{*fresh, api, small};
  EXPECT_EQ(reader.pull().pulled, 8);
  EXPECT_EQ(fresh->tickets().size(), 8u);
}

TEST_F(SyncEngineTest, AWrongTokenStopsTheRunAndKeepsTheReports) {
  ApiClient stranger(network, "tk_not-valid");
  SyncEngine engine2{*cache, stranger};
  engine2.submit(report("guardado"));
  auto result = engine2.sync_now();
  ASSERT_TRUE(result.failure);
  EXPECT_EQ(result.failure->kind, ErrorKind::Unauthorized);
  EXPECT_EQ(cache->outbox().size(), 1u);
  EXPECT_EQ(cache->outbox()[0].state, OutboxState::Pending);
}

TEST_F(SyncEngineTest, AReportIsNeverSentUnderAnotherUsersToken) {
  cache->bind_identity("ana@server");
  engine.submit(report("de Ana"));
  cache->bind_identity("beto@server");
  auto held = engine.sync_now();
  EXPECT_EQ(held.sent, 0);
  EXPECT_EQ(held.pending_left, 0);
  EXPECT_EQ(held.other_identity_left, 1);
  EXPECT_TRUE(server_summaries().empty());
  // Nor is it counted as waiting to be sent under Beto's token (the tray would stay amber).
  RecordingObserver seen;
  SyncEngine beto_engine{*cache, api, {}, &seen};
  beto_engine.submit(report("de Beto"));
  EXPECT_EQ(seen.pending, 1);
  cache->bind_identity("ana@server");
  EXPECT_EQ(engine.sync_now().sent, 1);
}

// The user's own moves (docs/design.md section 9): made offline, kept, sent once in the order
// they were made when the server is back, even when an answer is lost on the way.
TEST_F(SyncEngineTest, ActionsMadeOfflineAreSentOnceInOrderWhenTheServerIsBack) {
  engine.submit(report("No hay red"));
  engine.sync_now();
  std::string tk = observer.sent.at(0).second;
  ApiClient agent(network, agent_token);
  ASSERT_TRUE(agent.post_event(tk, EventRequest{Action::Take}).ok());
  ASSERT_TRUE(agent.post_event(tk, EventRequest{Action::Resolve, "Se cambió el cable"}).ok());
  engine.sync_now();

  network.offline = true;
  auto thanks = file_action(engine, *cache, tk, EventRequest{Action::Comment, "Gracias, ya funciona"});
  EXPECT_EQ(thanks.outcome, FiledAction::Outcome::Queued);
  EXPECT_EQ(thanks.local_id.rfind("A-", 0), 0u) << thanks.local_id;
  EventRequest confirm{Action::Confirm};
  confirm.rating = 5;
  confirm.comment = "Muy rápido";
  auto confirmed = file_action(engine, *cache, tk, confirm);
  EXPECT_EQ(confirmed.outcome, FiledAction::Outcome::Queued);
  EXPECT_EQ(observer.pending, 2);
  EXPECT_EQ(cache->actions().size(), 2u);
  EXPECT_FALSE(engine.sync_now().everything_sent()) << "offline, both wait";

  network.offline = false;
  network.lose_next_answers = 1;  // the comment reaches the server; its answer does not come back
  auto lost = engine.sync_now();
  EXPECT_EQ(lost.pending_left, 2);
  auto back = engine.sync_now();
  EXPECT_EQ(back.sent, 2);
  EXPECT_TRUE(back.everything_sent());
  EXPECT_TRUE(cache->actions().empty());
  EXPECT_EQ(observer.pending, 0);

  Identity desk;
  desk.role = Role::Agent;
  auto on_server = service.tickets.get(desk, tk, "");
  ASSERT_TRUE(on_server.ok());
  EXPECT_EQ(on_server->status, Status::Closed);
  EXPECT_EQ(on_server->satisfaction.rating, 5);
  int comments = 0;
  std::vector<Action> order;
  for (const auto& e : on_server->history) {
    comments += e.action == Action::Comment;
    order.push_back(e.action);
  }
  EXPECT_EQ(comments, 1) << "the comment whose answer was lost was not made twice";
  ASSERT_GE(order.size(), 2u);
  EXPECT_EQ(order[order.size() - 2], Action::Comment) << "in the order the user made them";
  EXPECT_EQ(order.back(), Action::Confirm);
  EXPECT_EQ(cache->ticket(tk)->ticket.status, Status::Closed) << "the cache keeps what the server answered";
}

TEST_F(SyncEngineTest, ARefusedActionIsKeptWithTheReasonAndTheOthersGoOn) {
  engine.submit(report("No imprime"));
  engine.sync_now();
  std::string tk = observer.sent.at(0).second;
  network.offline = true;
  // Confirming a ticket nobody resolved: the server will refuse it.
  auto early = file_action(engine, *cache, tk, EventRequest{Action::Confirm});
  file_action(engine, *cache, tk, EventRequest{Action::Comment, "Sigue sin imprimir"});
  network.offline = false;
  auto result = engine.sync_now();
  EXPECT_EQ(result.sent, 1);
  EXPECT_EQ(result.refused, 1);
  EXPECT_EQ(result.refused_left, 1);
  auto kept = cache->action(early.local_id);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->state, OutboxState::Refused);
  EXPECT_FALSE(kept->refusal.code.empty());
  EXPECT_EQ(observer.refused_count, 1);
  EXPECT_TRUE(engine.discard_action(early.local_id));
  EXPECT_TRUE(engine.sync_now().everything_sent());

  // Online, a refusal is told at once and nothing is left behind.
  auto now_refused = file_action(engine, *cache, tk, EventRequest{Action::Confirm});
  EXPECT_EQ(now_refused.outcome, FiledAction::Outcome::Refused);
  EXPECT_FALSE(now_refused.refusal.message.empty());
  EXPECT_TRUE(cache->actions().empty());
  auto sent = file_action(engine, *cache, tk, EventRequest{Action::Comment, "¿Alguna novedad?"});
  EXPECT_EQ(sent.outcome, FiledAction::Outcome::Sent);
  ASSERT_TRUE(sent.ticket);
  EXPECT_EQ(sent.ticket->history.back().note, "¿Alguna novedad?");
}

// The knowledge base's published articles are kept for offline search: a first copy,
// then only what changed, and what was withdrawn leaves.
TEST_F(SyncEngineTest, TheKnowledgeBaseIsCopiedThenKeptUpToDateByItsDelta) {
  ASSERT_TRUE(engine.sync_now().reached_server);
  int starters = cache->kb_size();
  EXPECT_GE(starters, 20);
  network.offline = true;
  auto offline = cache->suggest("la impresora no imprime", 3);
  ASSERT_FALSE(offline.empty());
  EXPECT_EQ(offline.front().title, "La impresora no imprime") << "the server's search, offline";
  network.offline = false;

  Identity desk;
  desk.role = Role::Agent;
  desk.name = "Mesa";
  server::KbArticle article;
  article.title = "El lector de huellas no reconoce el dedo";
  article.symptoms = "El lector biométrico marca error.";
  article.steps = "1. Limpie el lector.";
  article.published = true;
  auto saved = service.knowledge.kb_save(desk, 0, article);
  ASSERT_TRUE(saved.ok());
  int seen_before = network.requests_seen;
  engine.sync_now();
  EXPECT_EQ(cache->kb_size(), starters + 1);
  EXPECT_EQ(cache->suggest("lector de huellas", 1).at(0).title, article.title);
  EXPECT_LE(network.requests_seen - seen_before, 3) << "outbox, tickets and one page of the delta";

  article.published = false;
  ASSERT_TRUE(service.knowledge.kb_save(desk, saved->id, article).ok());
  engine.sync_now();
  EXPECT_EQ(cache->kb_size(), starters) << "withdrawn from the public: gone from the copy";
  EXPECT_TRUE(cache->suggest("huella biométrico", 3).empty() ||
              cache->suggest("huella biométrico", 3).front().title != article.title);
}

// "Esto resolvió mi problema" offline: kept, and counted once when the server is back (a
// lost answer included).
TEST_F(SyncEngineTest, ADeflectionMadeOfflineIsCountedOnce) {
  ASSERT_TRUE(engine.sync_now().reached_server);
  auto article = cache->suggest("no tengo internet", 1).at(0);
  network.offline = true;
  engine.submit_kb_feedback(article.id, true);
  engine.sync_now();
  EXPECT_EQ(cache->kb_feedback().size(), 1u);
  network.offline = false;
  network.lose_next_answers = 1;
  engine.sync_now();  // the answer of the tickets' pull or of the feedback is lost: it is sent again
  engine.sync_now();
  EXPECT_TRUE(cache->kb_feedback().empty());
  SQLite::Database db(dir.file("server.db"), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM kb_feedback WHERE helpful = 1").getInt(), 1);
}

TEST_F(SyncEngineTest, CatalogIsCachedOnTheFirstSuccessfulRun) {
  EXPECT_FALSE(cache->catalog());
  engine.sync_now();
  EXPECT_TRUE(cache->catalog());
}

TEST(Backoff, DoublesFromOneSecondToFiveMinutesWithJitter) {
  SyncOptions options;
  std::mt19937 random(7);
  for (int failures = 1; failures <= 12; ++failures) {
    double expected = std::min(1000.0 * (1 << (failures - 1)), 300000.0);
    for (int i = 0; i < 20; ++i) {
      auto d = backoff_delay(failures, options, random).count();
      EXPECT_GE(d, expected * 0.8 - 1) << failures;
      EXPECT_LE(d, expected * 1.2 + 1) << failures;
    }
  }
  EXPECT_LE(backoff_delay(1000, options, random).count(), 360000);
}

TEST(Backoff, TransientFailuresAreRetriedRefusalsAreNot) {
  EXPECT_TRUE(is_transient(make_error(ErrorKind::Offline, "", {})));
  EXPECT_TRUE(is_transient(make_error(ErrorKind::Timeout, "", {})));
  EXPECT_TRUE(is_transient(make_error(ErrorKind::Unavailable, "", {})));
  EXPECT_TRUE(is_transient(make_error(ErrorKind::TooManyRequests, "", {})));
  EXPECT_FALSE(is_transient(make_error(ErrorKind::Invalid, "", {})));
  EXPECT_FALSE(is_transient(make_error(ErrorKind::BadRequest, "", {})));
  EXPECT_FALSE(is_transient(make_error(ErrorKind::PayloadTooLarge, "", {})));
}

TEST_F(SyncEngineTest, BackgroundLoopSendsWhatIsSubmitted) {
  SyncOptions fast;
  fast.poll_interval = std::chrono::milliseconds(50);
  fast.backoff_initial = std::chrono::milliseconds(10);
  RecordingObserver seen;
  SyncEngine background{*cache, api, fast, &seen};
  background.start();
  background.submit(report("en segundo plano"));
  for (int i = 0; i < 500 && cache->outbox().size() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  background.stop();
  EXPECT_TRUE(cache->outbox().empty());
  EXPECT_EQ(server_summaries(), (std::map<std::string, int>{{"en segundo plano", 1}}));
}

}  // namespace tk
