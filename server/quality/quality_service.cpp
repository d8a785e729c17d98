#include "quality/quality_service.h"

namespace tk::server {

Result<Json> QualityService::quality_report(const Identity& who, const std::string& from, const std::string& to) {
  if (who.role != Role::Agent && who.role != Role::Admin)
    return make_error(ErrorKind::Forbidden, "forbidden_role",
                      N_("The quality report is for the service desk and management."));
  auto period = quality_period(from, to, clock_(), utc_offset_);
  if (!period) return period.error();
  return quality_report_json(*period, store_.quality().figures(*period), objectives_);
}

}  // namespace tk::server
