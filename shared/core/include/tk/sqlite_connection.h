// A SQLite connection that prepares each statement once and reuses it: preparing costs
// more than running the small queries the server makes. Used by one thread at a time.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <string>
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

}  // namespace tk
