#include "tk/sqlite_connection.h"

namespace tk {

Connection::Connection(const std::string& path, int flags) : db_(path, flags, 5000) {}

Query Connection::query(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
  return Query(*it->second);
}

}  // namespace tk
