// Everything the server keeps, in one file: the Database (writer, readers, migrations) and
// the store of each concern over it. The services take this; tests open one on a temporary
// file. The seam for a second backend is here: the stores' SQL and the Database, never the
// rules above them.
#pragma once

#include <string>

#include "access/access_store.h"
#include "knowledge/knowledge_store.h"
#include "quality/quality_store.h"
#include "storage/database.h"
#include "tickets/ticket_store.h"

namespace tk::server {

class Storage {
 public:
  // Opens (creating when missing) and migrates the database at `path`.
  explicit Storage(const std::string& path);
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  Database& database() { return database_; }
  TicketStore& tickets() { return tickets_; }
  AccessStore& access() { return access_; }
  KnowledgeStore& knowledge() { return knowledge_; }
  QualityStore& quality() { return quality_; }
  int schema_version() const { return database_.schema_version(); }
  // Finishes queued writes and stops taking new ones (they fail with Unavailable).
  void stop() { database_.stop(); }

 private:
  Database database_;
  TicketStore tickets_{database_};
  AccessStore access_{database_};
  KnowledgeStore knowledge_{database_};
  QualityStore quality_{database_};
};

}  // namespace tk::server
