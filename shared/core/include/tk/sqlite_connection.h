// A SQLite connection that prepares each statement once and reuses it: preparing costs
// more than running the small queries the server makes. Used by one thread at a time.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>
#include <unordered_map>
#include <utility>

namespace tk {

// A borrowed prepared statement, reset when it goes out of scope so that it never keeps
// a read transaction (and an old snapshot of the database) open.
class Query {
 public:
  explicit Query(SQLite::Statement& statement) : s_(statement) {}
  ~Query() {
    s_.tryReset();
    s_.clearBindings();
  }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  template <typename... A>
  void bind(A&&... args) {
    s_.bind(std::forward<A>(args)...);
  }
  void bindNoCopy(int index, const void* data, int size) { s_.bindNoCopy(index, data, size); }
  bool executeStep() { return s_.executeStep(); }
  int exec() { return s_.exec(); }
  SQLite::Column getColumn(int index) { return s_.getColumn(index); }

 private:
  SQLite::Statement& s_;
};

class Connection {
 public:
  Connection(const std::string& path, int flags);
  SQLite::Database& db() { return db_; }
  Query query(const std::string& sql);

 private:
  SQLite::Database db_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

// A database file written by a newer version of the program than this one.
class SchemaTooNew : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The one migration runner, the server's file's and the client's cache's: brings the
// database to the last of `steps` (PRAGMA user_version counts those applied), each step in
// an IMMEDIATE transaction of its own with the version's bump and `after_step(version)`
// (seeding), so that a step is applied whole or not at all. Another process that migrated
// meanwhile is noticed. Never edit a step once released: add one. `what` names the file
// for SchemaTooNew's message.
void migrate_schema(Connection& conn, const std::vector<const char*>& steps, const std::string& what,
                    const std::function<void(int version)>& after_step = {});

}  // namespace tk
