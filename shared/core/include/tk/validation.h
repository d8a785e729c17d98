// Validation of what a client sends to create a ticket. Limits are in code points.
#pragma once

#include "tk/catalog.h"
#include "tk/domain.h"
#include "tk/error.h"
#include "tk/workflow.h"

namespace tk {

struct Limits {
  static constexpr std::size_t summary = 200;
  static constexpr std::size_t description = 20000;
  static constexpr std::size_t name = 120;
  static constexpr std::size_t email = 254;
  static constexpr std::size_t phone = 40;
  static constexpr std::size_t location = 200;
  static constexpr std::size_t employee = 20;
  static constexpr std::size_t note = 10000;
  static constexpr std::size_t device_field = 200;
  static constexpr std::size_t attachment_name = 255;
  static constexpr std::size_t attachments = 5;
  static constexpr std::size_t request_bytes = 10 * 1024 * 1024;
};

struct NewTicket {
  TicketType type = TicketType::Incident;
  std::string category;
  std::string summary;
  std::string description;
  int impact = 3;
  int urgency = 3;
  Reporter reporter;
  Device device;
  Channel channel = Channel::Api;
  std::vector<NewAttachment> attachments;
};

// Field rules that do not depend on the caller (the caller's identity is applied before).
Outcome validate_new_ticket(const NewTicket&, const Catalog&);
Outcome validate_event(const EventRequest&);

}  // namespace tk
