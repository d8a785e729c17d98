// The ISO 9001 report's rules: who may read it, and for which local days.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "quality/quality_report.h"
#include "storage/storage.h"

namespace tk::server {

class QualityService {
 public:
  using Clock = std::function<std::int64_t()>;
  // `utc_offset`: the site's, in seconds (the working calendar's): a day is a local day.
  QualityService(Storage& store, std::vector<Objective> objectives, std::int64_t utc_offset, Clock clock)
      : store_(store), objectives_(std::move(objectives)), utc_offset_(utc_offset), clock_(std::move(clock)) {}

  // The quality report of the local days from..to (YYYY-MM-DD; empty: this month so far),
  // for agents and administrators.
  Result<Json> quality_report(const Identity&, const std::string& from, const std::string& to);

 private:
  Storage& store_;
  std::vector<Objective> objectives_;
  std::int64_t utc_offset_;
  Clock clock_;
};

}  // namespace tk::server
