#include "database.h"

#include <SQLiteCpp/Savepoint.h>
#include <sqlite3.h>

#include "tk/logging.h"
#include "tk/spanish_search.h"

namespace tk::server {

namespace {
// Each connection is used by one thread at a time, so SQLite's own per-call locking and
// its global allocation counters only add contention between the server's threads.
void configure_sqlite_once() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}
}  // namespace

Database::Database(const std::string& path, const std::vector<const char*>& migrations,
                   const std::function<void(int, Connection&)>& after_step)
    : path_(path) {
  configure_sqlite_once();
  writer_db_ = std::make_unique<Connection>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  register_spanish_tokenizer(writer_db_->db().getHandle());
  writer_db_->db().exec("PRAGMA journal_mode = WAL");
  // FULL: a commit is on disk before any client hears "201 Created".
  writer_db_->db().exec("PRAGMA synchronous = FULL");
  writer_db_->db().exec("PRAGMA foreign_keys = ON");
  migrate_schema(*writer_db_, migrations, "the database " + path, [&](int version) {
    if (after_step) after_step(version, *writer_db_);
    log::info("db", "schema migrated to version " + std::to_string(version));
  });
  writer_thread_ = std::thread([this] { writer_loop(); });
}

Database::~Database() { stop(); }

int Database::schema_version() const { return writer_db_->db().execAndGet("PRAGMA user_version").getInt(); }

void Database::stop() {
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    if (stopping_ && !writer_thread_.joinable()) return;
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
}

bool Database::enqueue(Job job) {
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    if (stopping_) return false;
    queue_.push_back(std::move(job));
  }
  queue_cv_.notify_one();
  return true;
}

void Database::writer_loop() {
  constexpr std::size_t kMaxGroup = 256;
  for (;;) {
    std::vector<Job> group;
    {
      std::unique_lock<std::mutex> lock(queue_mutex_);
      queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is written
      while (!queue_.empty() && group.size() < kMaxGroup) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<std::exception_ptr> failures(group.size());
    std::exception_ptr commit_failure;
    try {
      SQLite::Transaction tx(writer_db_->db(), SQLite::TransactionBehavior::IMMEDIATE);
      for (std::size_t i = 0; i < group.size(); ++i) {
        // A savepoint per job: one failing write does not undo the others in its group.
        SQLite::Savepoint savepoint(writer_db_->db(), "job");
        try {
          group[i].run(*writer_db_);
          savepoint.release();
        } catch (...) {
          failures[i] = std::current_exception();
          savepoint.rollback();
        }
      }
      tx.commit();
    } catch (...) {
      commit_failure = std::current_exception();
      log::error("db", "group commit failed; its writes are reported as failed");
    }
    for (std::size_t i = 0; i < group.size(); ++i) group[i].after_commit(commit_failure ? commit_failure : failures[i]);
  }
}

void Database::post(std::function<void(Connection&)> work) {
  enqueue(Job{std::move(work), [](std::exception_ptr failure) {
                if (!failure) return;
                try {
                  std::rethrow_exception(failure);
                } catch (const std::exception& e) {
                  log::warning("db", std::string("a background write failed: ") + e.what());
                }
              }});
}

std::unique_ptr<Connection> Database::open_reader() {
  auto reader = std::make_unique<Connection>(path_, SQLite::OPEN_READONLY);
  register_spanish_tokenizer(reader->db().getHandle());
  return reader;
}

Database::ReadLease Database::lease() {
  {
    std::lock_guard<std::mutex> lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      auto db = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return ReadLease(*this, std::move(db));
    }
  }
  return ReadLease(*this, open_reader());
}

void Database::release(std::unique_ptr<Connection> db) {
  std::lock_guard<std::mutex> lock(readers_mutex_);
  idle_readers_.push_back(std::move(db));
}

void Database::read_snapshot(const std::function<void(Connection&)>& work) {
  auto reader = lease();
  Connection& conn = *reader;
  conn.db().exec("BEGIN");
  try {
    work(conn);
  } catch (...) {
    conn.db().exec("ROLLBACK");
    throw;
  }
  conn.db().exec("COMMIT");
}

}  // namespace tk::server
