#include "tk/sqlite_connection.h"

namespace tk {

Connection::Connection(const std::string& path, int flags) : db_(path, flags, 5000) {}

Query Connection::query(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
  return Query(*it->second);
}

}  // namespace tk

namespace tk {

void migrate_schema(Connection& conn, const std::vector<const char*>& steps, const std::string& what,
                    const std::function<void(int version)>& after_step) {
  auto& db = conn.db();
  const int target = static_cast<int>(steps.size());
  auto version_now = [&] { return db.execAndGet("PRAGMA user_version").getInt(); };
  int version = version_now();
  if (version > target)
    throw SchemaTooNew(what + " has schema version " + std::to_string(version) + ", newer than this program knows (" +
                       std::to_string(target) + ")");
  while (version < target) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    // Another process may have migrated it meanwhile.
    version = version_now();
    if (version >= target) break;
    db.exec(steps[static_cast<std::size_t>(version)]);
    db.exec("PRAGMA user_version = " + std::to_string(version + 1));
    if (after_step) after_step(version + 1);
    tx.commit();
    ++version;
  }
}

}  // namespace tk
