#include "storage/storage.h"

#include "storage/schema.h"

namespace tk::server {

Storage::Storage(const std::string& path)
    : database_(path, schema_steps(), [](int version, Connection& writer) {
        // The knowledge base starts with the built-in articles, in the same transaction.
        if (version == kKnowledgeBaseVersion) KnowledgeStore::seed(writer);
      }) {}

}  // namespace tk::server
