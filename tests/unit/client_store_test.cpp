// The client cache on a real SQLite file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#ifndef _WIN32
#include <sys/stat.h>
#endif

#include "temp_dir.h"
#include "tk/file_path.h"
#include "tk/client_store.h"

namespace tk {
namespace {

NewTicket report(const std::string& summary) {
  NewTicket t;
  t.type = TicketType::Incident;
  t.category = "network";
  t.summary = summary;
  t.description = "Sin red en el piso 2";
  return t;
}

Ticket ticket(const std::string& tk, Status status, std::int64_t updated_at) {
  Ticket t;
  t.tk = tk;
  t.summary = "Resumen " + tk;
  t.status = status;
  t.level = status == Status::InProgress ? Level::First : Level::None;
  t.updated_at = updated_at;
  return t;
}

}  // namespace

#ifndef _WIN32
// Issue 25: the cache holds ticket descriptions; SQLite made it 0644 under a 022 umask.
TEST(ClientStore, TheCacheIsReadableByItsOwnerAlone) {
  test::TempDir dir;
  auto old_umask = ::umask(022);
  {
    auto store = ClientStore::open(dir.file("cache.db"));
    store->add_to_outbox(report("privado"), 100);
  }
  // A cache made by an older version, readable by everyone, is tightened when opened.
  std::filesystem::permissions(dir.file("cache.db"), std::filesystem::perms(0644));
  auto store = ClientStore::open(dir.file("cache.db"));
  store->add_to_outbox(report("otro"), 101);
  ::umask(old_umask);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    auto path = dir.file("cache.db") + suffix;
    if (!std::filesystem::exists(path)) continue;
    auto others = std::filesystem::status(path).permissions() &
                  (std::filesystem::perms::group_all | std::filesystem::perms::others_all);
    EXPECT_EQ(others, std::filesystem::perms::none) << path;
  }
}
#endif

TEST(ClientStore, OutboxKeepsReportsInOrderAcrossReopening) {
  test::TempDir dir;
  std::string first_id;
  {
    auto store = ClientStore::open(dir.file("cache.db"));
    first_id = store->add_to_outbox(report("uno"), 100).local_id;
    store->add_to_outbox(report("dos"), 101);
  }
  auto store = ClientStore::open(dir.file("cache.db"));
  auto outbox = store->outbox();
  ASSERT_EQ(outbox.size(), 2u);
  EXPECT_EQ(outbox[0].local_id, first_id);
  EXPECT_EQ(outbox[0].report.summary, "uno");
  EXPECT_EQ(outbox[1].report.summary, "dos");
  EXPECT_NE(outbox[0].idempotency_key, outbox[1].idempotency_key);
  EXPECT_EQ(outbox[0].local_id.rfind("L-", 0), 0u);
  EXPECT_EQ(store->schema_version(), 4);
}

TEST(ClientStore, SendingMovesTheReportToTheTicketsInOneStep) {
  test::TempDir dir;
  auto store = ClientStore::open(dir.file("cache.db"));
  auto entry = store->add_to_outbox(report("uno"), 100);
  store->record_sent(entry.local_id, ticket("TK-2026-000007", Status::Registered, 110), 120);
  EXPECT_TRUE(store->outbox().empty());
  EXPECT_EQ(store->tk_for_local_id(entry.local_id), "TK-2026-000007");
  auto cached = store->ticket("TK-2026-000007");
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->confirmed_at, 120);
}

TEST(ClientStore, RefusedReportsStayWithTheReasonUntilCorrected) {
  test::TempDir dir;
  auto store = ClientStore::open(dir.file("cache.db"));
  auto entry = store->add_to_outbox(report("uno"), 100);
  store->mark_refused(entry.local_id,
                      make_error(ErrorKind::Invalid, "unknown_category", {"No existe", "Not there"}, "category"));
  auto refused = store->outbox_entry(entry.local_id);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->state, OutboxState::Refused);
  EXPECT_EQ(refused->refusal.field, "category");
  auto fixed = report("uno corregido");
  EXPECT_TRUE(store->replace_report(entry.local_id, fixed));
  auto again = store->outbox_entry(entry.local_id);
  EXPECT_EQ(again->state, OutboxState::Pending);
  EXPECT_EQ(again->report.summary, "uno corregido");
  EXPECT_NE(again->idempotency_key, entry.idempotency_key);
  EXPECT_FALSE(store->discard(entry.local_id)) << "only refused reports may be discarded";
}

TEST(ClientStore, PullsReportWhatChanged) {
  test::TempDir dir;
  auto store = ClientStore::open(dir.file("cache.db"));
  auto first = store->store_pulled({ticket("TK-2026-000001", Status::Registered, 10)}, "5", 50);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_FALSE(first[0].previous_status);
  auto same = store->store_pulled({ticket("TK-2026-000001", Status::Registered, 10)}, "6", 60);
  EXPECT_TRUE(same.empty());
  auto moved = store->store_pulled({ticket("TK-2026-000001", Status::InProgress, 20)}, "7", 70);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].previous_status, Status::Registered);
  EXPECT_EQ(moved[0].ticket.status, Status::InProgress);
  EXPECT_EQ(store->cursor(), "7");
  EXPECT_EQ(store->last_confirmed_at(), 70);
  auto list = store->tickets();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].level, Level::First);
  EXPECT_EQ(list[0].confirmed_at, 70);
}

TEST(ClientStore, AnotherServerOrTokenStartsAFreshTicketCacheButKeepsTheOutbox) {
  test::TempDir dir;
  auto store = ClientStore::open(dir.file("cache.db"));
  store->bind_identity("a");
  store->store_pulled({ticket("TK-2026-000001", Status::Registered, 10)}, "5", 50);
  store->add_to_outbox(report("pendiente"), 60);
  store->bind_identity("a");
  EXPECT_EQ(store->tickets().size(), 1u);
  store->bind_identity("b");
  EXPECT_TRUE(store->tickets().empty());
  EXPECT_EQ(store->cursor(), "");
  EXPECT_EQ(store->outbox().size(), 1u);
}

TEST(ClientStore, ReportsRememberTheIdentityTheyWereFiledWith) {
  test::TempDir dir;
  auto store = ClientStore::open(dir.file("cache.db"));
  store->bind_identity("ana");
  store->add_to_outbox(report("de Ana"), 1);
  store->bind_identity("beto");
  store->add_to_outbox(report("de Beto"), 2);
  auto outbox = store->outbox();
  ASSERT_EQ(outbox.size(), 2u);
  EXPECT_EQ(outbox[0].identity, "ana");
  EXPECT_EQ(outbox[1].identity, "beto");
}

TEST(ClientStore, ActionsWaitInOrderAcrossReopeningAndLeaveWithTheServersTicket) {
  test::TempDir dir;
  std::string first_id;
  {
    auto store = ClientStore::open(dir.file("cache.db"));
    store->bind_identity("ana@server");
    first_id = store->add_action("TK-2026-000007", EventRequest{Action::Answer, "Desde el lunes"}, 10).local_id;
    store->add_action("TK-2026-000007", EventRequest{Action::Reopen}, 11);
  }
  auto store = ClientStore::open(dir.file("cache.db"));
  auto actions = store->actions();
  ASSERT_EQ(actions.size(), 2u);
  EXPECT_EQ(actions[0].local_id, first_id);
  EXPECT_EQ(actions[0].event.action, Action::Answer);
  EXPECT_EQ(actions[1].event.action, Action::Reopen);
  EXPECT_EQ(actions[0].identity, "ana@server");
  EXPECT_NE(actions[0].idempotency_key, actions[1].idempotency_key);
  EXPECT_FALSE(store->discard_action(first_id)) << "only a refused action is dropped by the user";
  store->record_action_sent(first_id, ticket("TK-2026-000007", Status::InProgress, 12), 13);
  EXPECT_EQ(store->actions().size(), 1u);
  EXPECT_EQ(store->ticket("TK-2026-000007")->ticket.status, Status::InProgress);
  EXPECT_EQ(store->tk_for_local_id(first_id), "TK-2026-000007");
  store->mark_action_refused(actions[1].local_id, make_error(ErrorKind::Conflict, "illegal_transition",
                                                             {"No se puede reabrir.", "Cannot reopen."}));
  EXPECT_EQ(store->action(actions[1].local_id)->state, OutboxState::Refused);
  EXPECT_EQ(store->action(actions[1].local_id)->refusal.message, "No se puede reabrir.");
  EXPECT_TRUE(store->discard_action(actions[1].local_id));
  EXPECT_TRUE(store->actions().empty());
}

TEST(ClientStore, CatalogIsKeptForOfflineForms) {
  test::TempDir dir;
  auto store = ClientStore::open(dir.file("cache.db"));
  EXPECT_FALSE(store->catalog());
  store->store_catalog(default_catalog(), 5);
  auto catalog = store->catalog();
  ASSERT_TRUE(catalog);
  EXPECT_TRUE(catalog->find("unauthorized_access"));
}

TEST(ClientStore, GarbageFileIsSetAsideAndReplaced) {
  test::TempDir dir;
  std::ofstream(utf8_path(dir.file("cache.db")), std::ios::binary) << std::string(8192, '\x5a');
  OpenReport opened;
  auto store = ClientStore::open(dir.file("cache.db"), &opened);
  EXPECT_TRUE(opened.recovered);
  EXPECT_TRUE(std::filesystem::exists(utf8_path(opened.set_aside_as)));
  EXPECT_TRUE(store->outbox().empty());
  store->add_to_outbox(report("después"), 1);
  EXPECT_EQ(store->outbox().size(), 1u);
}

TEST(ClientStore, DamagedCacheGivesBackTheUnsentReportsItCanStillRead) {
  test::TempDir dir;
  {
    auto store = ClientStore::open(dir.file("cache.db"));
    for (int i = 0; i < 3; ++i) store->add_to_outbox(report("pendiente " + std::to_string(i)), i);
    EventRequest confirm{Action::Confirm};
    confirm.rating = 4;
    store->add_action("TK-2026-000001", confirm, 5);
    store->add_action("TK-2026-000002", EventRequest{Action::Answer, "Desde ayer"}, 6);
    std::vector<Ticket> many;
    for (int i = 0; i < 400; ++i)
      many.push_back(ticket("TK-2026-" + std::to_string(100000 + i), Status::Registered, i));
    store->store_pulled(many, "400", 10);
  }
  // Damage the tail of the file, where the tickets table's pages are, and the header
  // field SQLite checks when it opens, so that the integrity check fails.
  auto size = std::filesystem::file_size(utf8_path(dir.file("cache.db")));
  {
    std::fstream f(utf8_path(dir.file("cache.db")), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size) - 3 * 4096);
    f << std::string(4096, '\x07');
  }
  OpenReport opened;
  auto store = ClientStore::open(dir.file("cache.db"), &opened);
  EXPECT_TRUE(opened.recovered);
  EXPECT_EQ(opened.outbox_rows_recovered, 5) << "three reports and two actions";
  auto outbox = store->outbox();
  ASSERT_EQ(outbox.size(), 3u);
  EXPECT_EQ(outbox[0].report.summary, "pendiente 0");
  auto actions = store->actions();
  ASSERT_EQ(actions.size(), 2u);
  EXPECT_EQ(actions[0].tk, "TK-2026-000001");
  EXPECT_EQ(actions[0].event.action, Action::Confirm);
  EXPECT_EQ(actions[0].event.rating, 4);
  EXPECT_EQ(actions[1].event.note, "Desde ayer");
  EXPECT_TRUE(store->tickets().empty()) << "tickets come back from the server, not from a damaged file";
}

}  // namespace tk
