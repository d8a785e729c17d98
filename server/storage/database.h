// The server's SQLite file: one writer thread that owns the only writing connection and
// commits queued writes in groups (one fsync for many creates), a pool of read-only
// connections (WAL lets them read beside the writer), and the schema's migrations. The
// store of each concern (tickets, access, knowledge, quality) runs its SQL through it and
// opens no connection of its own, so that a second backend replaces this file and the
// stores' SQL, never the rules above them. Rules live in the services; a write reports
// success only once its transaction is on disk.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "tk/error.h"
#include "tk/sqlite_connection.h"

namespace tk::server {

using tk::Connection;
using tk::Query;

class Database {
 public:
  // Opens (creating when missing) the file at `path` and brings it to the last of
  // `migrations`; `after_step(version, writer)` runs inside each step's transaction (the
  // knowledge base's starter articles are written so). Throws when the file cannot be
  // opened or is newer than the program.
  Database(const std::string& path, const std::vector<const char*>& migrations,
           const std::function<void(int version, Connection&)>& after_step = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  int schema_version() const;

  // Runs `work` on the writer thread inside a group transaction (in a savepoint of its own:
  // one failing write does not undo the others) and returns its result once the group is
  // durable. After stop(), a Result answers Unavailable ("shutting_down"); anything else
  // throws.
  template <typename T>
  T write(std::function<T(Connection&)> work);
  // A write nobody waits for (the last use of a token); a failure is logged.
  void post(std::function<void(Connection&)> work);

  // A read-only connection for as long as the lease lives, given back to the pool after.
  class ReadLease {
   public:
    ReadLease(Database& database, std::unique_ptr<Connection> db) : database_(database), db_(std::move(db)) {}
    ~ReadLease() {
      if (db_) database_.release(std::move(db_));
    }
    ReadLease(ReadLease&& other) noexcept : database_(other.database_), db_(std::move(other.db_)) {}
    Connection& operator*() { return *db_; }

   private:
    Database& database_;
    std::unique_ptr<Connection> db_;
  };
  ReadLease lease();
  // Runs `work` on a read-only connection inside one read transaction (one snapshot).
  void read_snapshot(const std::function<void(Connection&)>& work);

  // Finishes queued writes and stops taking new ones.
  void stop();

 private:
  struct Job {
    std::function<void(Connection&)> run;                  // inside the group transaction
    std::function<void(std::exception_ptr)> after_commit;  // told the outcome once durable
  };
  // False once stopping: the job was not queued.
  bool enqueue(Job job);
  void writer_loop();
  std::unique_ptr<Connection> open_reader();
  void release(std::unique_ptr<Connection>);

  std::string path_;
  std::unique_ptr<Connection> writer_db_;
  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::thread writer_thread_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
};

template <typename T>
T Database::write(std::function<T(Connection&)> work) {
  auto promise = std::make_shared<std::promise<T>>();
  auto produced = std::make_shared<std::optional<T>>();
  auto future = promise->get_future();
  bool queued = enqueue(Job{[work, produced](Connection& conn) { produced->emplace(work(conn)); },
                            [promise, produced](std::exception_ptr failure) {
                              if (failure)
                                promise->set_exception(failure);
                              else
                                promise->set_value(std::move(**produced));
                            }});
  if (!queued) {
    if constexpr (std::is_constructible_v<T, Error>)
      return T(make_error(ErrorKind::Unavailable, "shutting_down", N_("The server is stopping.")));
    else
      throw std::runtime_error("the store is stopping");
  }
  return future.get();
}

}  // namespace tk::server
