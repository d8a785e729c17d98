// The server database's schema, as the steps that built it (PRAGMA user_version counts
// those applied): one history for every concern's tables, since they share one file and
// its transactions. Never edit a step once released: add one.
#pragma once

#include <vector>

namespace tk::server {

const std::vector<const char*>& schema_steps();
// The step after which the knowledge base's starter articles are written (same transaction).
constexpr int kKnowledgeBaseVersion = 6;

}  // namespace tk::server
