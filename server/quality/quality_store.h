// The quality report's raw figures (ISO 9001 measurement): each query reads one range of an
// index made for it, so a month of a million-ticket database touches only that month's rows.
#pragma once

#include "quality/quality_report.h"
#include "storage/database.h"

namespace tk::server {

class QualityStore {
 public:
  explicit QualityStore(Database& database) : db_(database) {}
  // Two groups of queries, each on its own read snapshot, run at once (a write between them
  // may show in one only).
  QualityFigures figures(const QualityPeriod&);

 private:
  Database& db_;
};

}  // namespace tk::server
