#include "tk/domain.h"

#include "tk/text.h"

#include <algorithm>
#include <array>
#include <utility>

namespace tk {
namespace {

template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

template <typename E, std::size_t N>
std::string_view name_of(const NameTable<E, N>& table, E value) {
  for (const auto& [e, name] : table)
    if (e == value) return name;
  return {};
}

template <typename E, std::size_t N>
std::optional<E> value_of(const NameTable<E, N>& table, std::string_view name) {
  for (const auto& [e, n] : table)
    if (n == name) return e;
  return std::nullopt;
}

constexpr NameTable<TicketType, 3> kTypes{{{TicketType::Incident, "incident"},
                                           {TicketType::ServiceRequest, "service_request"},
                                           {TicketType::SecurityIncident, "security_incident"}}};
constexpr NameTable<Status, 6> kStatuses{{{Status::Registered, "registered"},
                                          {Status::InProgress, "in_progress"},
                                          {Status::PendingUser, "pending_user"},
                                          {Status::Vendor, "vendor"},
                                          {Status::Resolved, "resolved"},
                                          {Status::Closed, "closed"}}};
constexpr NameTable<Level, 5> kLevels{
    {{Level::None, ""}, {Level::First, "1"}, {Level::Second, "2"}, {Level::Third, "3"}, {Level::Soc, "soc"}}};
constexpr NameTable<Resolution, 3> kResolutions{
    {{Resolution::None, ""}, {Resolution::Resolved, "resolved"}, {Resolution::NotResolved, "not_resolved"}}};
constexpr NameTable<Role, 4> kRoles{
    {{Role::Employee, "employee"}, {Role::Kiosk, "kiosk"}, {Role::Agent, "agent"}, {Role::Admin, "admin"}}};
constexpr NameTable<Channel, 7> kChannels{{{Channel::Tray, "tray"},
                                           {Channel::Kiosk, "kiosk"},
                                           {Channel::Api, "api"},
                                           {Channel::Desk, "desk"},
                                           {Channel::Phone, "phone"},
                                           {Channel::Email, "email"},
                                           {Channel::InPerson, "in_person"}}};
constexpr NameTable<Action, 16> kActions{{{Action::Take, "take"},
                                          {Action::Escalate, "escalate"},
                                          {Action::Vendor, "vendor"},
                                          {Action::AskUser, "ask_user"},
                                          {Action::Answer, "answer"},
                                          {Action::Resolve, "resolve"},
                                          {Action::Confirm, "confirm"},
                                          {Action::Reopen, "reopen"},
                                          {Action::CloseNotResolved, "close_not_resolved"},
                                          {Action::Comment, "comment"},
                                          {Action::Classify, "classify"},
                                          {Action::Assign, "assign"},
                                          {Action::Rate, "rate"},
                                          {Action::LinkArticle, "link_article"},
                                          {Action::Register, "register"},
                                          {Action::AutoClose, "auto_close"}}};

}  // namespace

std::string_view to_string(TicketType v) { return name_of(kTypes, v); }
std::string_view to_string(Status v) { return name_of(kStatuses, v); }
std::string_view to_string(Level v) { return name_of(kLevels, v); }
std::string_view to_string(Resolution v) { return name_of(kResolutions, v); }
std::string_view to_string(Role v) { return name_of(kRoles, v); }
std::string_view to_string(Channel v) { return name_of(kChannels, v); }
std::string_view to_string(Action v) { return name_of(kActions, v); }

std::optional<TicketType> parse_ticket_type(std::string_view s) { return value_of(kTypes, s); }
std::optional<Status> parse_status(std::string_view s) { return value_of(kStatuses, s); }
std::optional<Level> parse_level(std::string_view s) { return value_of(kLevels, s); }
std::optional<Resolution> parse_resolution(std::string_view s) { return value_of(kResolutions, s); }
std::optional<Role> parse_role(std::string_view s) { return value_of(kRoles, s); }
std::optional<Channel> parse_channel(std::string_view s) { return value_of(kChannels, s); }
std::optional<Action> parse_requested_action(std::string_view s) {
  auto action = value_of(kActions, s);
  if (action == Action::Register || action == Action::AutoClose) return std::nullopt;
  return action;
}

int priority_for(int impact, int urgency) {
  impact = std::clamp(impact, 1, 3);
  urgency = std::clamp(urgency, 1, 3);
  // The usual impact x urgency matrix, folded to four priorities:
  // 1,1 -> 1; 1,2 and 2,1 -> 2; 1,3 2,2 3,1 -> 3; the rest -> 4.
  return std::min(impact + urgency - 1, 4);
}

ImpactUrgency default_impact_urgency(TicketType type) {
  switch (type) {
    case TicketType::SecurityIncident: return {2, 1};
    case TicketType::Incident: return {3, 2};
    case TicketType::ServiceRequest: break;
  }
  return {3, 3};
}

Level Ticket::visible_level() const {
  switch (status) {
    case Status::InProgress:
    case Status::PendingUser:
    case Status::Vendor: return level;
    default: return Level::None;
  }
}

std::string Identity::actor() const {
  switch (role) {
    case Role::Employee: return "employee:" + employee;
    case Role::Kiosk: return "kiosk:" + name;
    case Role::Agent: return "agent:" + name;
    case Role::Admin: return "admin:" + name;
  }
  return "unknown";
}

std::string tk_year_prefix(int year) { return "TK-" + std::to_string(year) + "-"; }

std::string format_tk(int year, std::int64_t number) {
  std::string digits = std::to_string(number);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  return tk_year_prefix(year) + digits;
}

std::optional<std::string> tk_from_typed(std::string_view typed) {
  std::string digits;
  for (char c : typed)
    if (c >= '0' && c <= '9') digits.push_back(c);
  // A year and one digit at least; at most a year and nine digits (a sequence past six).
  if (digits.size() < 5 || digits.size() > 13) return std::nullopt;
  return format_tk(std::stoi(digits.substr(0, 4)), std::stoll(digits.substr(4)));
}

bool is_well_formed_tk(std::string_view tk) {
  return tk.size() >= 14 && tk.size() <= 17 && tk.substr(0, 3) == "TK-" && tk[7] == '-' && is_digits(tk.substr(3, 4)) &&
         is_digits(tk.substr(8));
}

}  // namespace tk
