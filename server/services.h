// The server's rules, one service per concern over one Storage: what TicketApi and the
// server's command line call. Built together, since they share the storage and the clock.
#pragma once

#include "access/access_service.h"
#include "knowledge/knowledge_service.h"
#include "quality/quality_service.h"
#include "tickets/ticket_service.h"

namespace tk::server {

struct Services {
  using Clock = std::function<std::int64_t()>;
  Services(Storage& store, ServiceOptions options, Clock clock)
      : tickets(store, options, clock),
        access(store, options.account_failures_allowed, clock),
        knowledge(store, tickets.catalog(), clock),
        quality(store, options.objectives, options.service_levels.calendar.utc_offset(), clock) {}

  TicketService tickets;
  AccessService access;
  KnowledgeService knowledge;
  QualityService quality;
};

}  // namespace tk::server
