// The ticket and its vocabulary, with the wire names fixed by docs/design.md section 3.
// Enumerations convert to and from those names; parse functions return nullopt for an
// unknown name so that callers can turn it into a field error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tk {

enum class TicketType { Incident, ServiceRequest, SecurityIncident };
enum class Status { Registered, InProgress, PendingUser, Vendor, Resolved, Closed };
// Level::None is shown as JSON null: a ticket nobody has taken, or one that is finished.
enum class Level { None, First, Second, Third, Soc };
enum class Resolution { None, Resolved, NotResolved };
enum class Role { Employee, Kiosk, Agent, Admin };
// Phone, Email and InPerson: a call, mail or visit the desk registered for its caller.
enum class Channel { Tray, Kiosk, Api, Desk, Phone, Email, InPerson };
enum class Action {
  Take,
  Escalate,
  Vendor,
  AskUser,
  Answer,
  Resolve,
  Confirm,
  Reopen,
  CloseNotResolved,
  Comment,
  Classify,
  Assign,
  Rate,
  LinkArticle,  // the desk ties a knowledge-base article to the case (procedure 3, activity 6)
  // Written by the system, never requested through the API.
  Register,
  AutoClose,
};

std::string_view to_string(TicketType);
std::string_view to_string(Status);
std::string_view to_string(Level);       // "" for Level::None
std::string_view to_string(Resolution);  // "" for Resolution::None
std::string_view to_string(Role);
std::string_view to_string(Channel);
std::string_view to_string(Action);

std::optional<TicketType> parse_ticket_type(std::string_view);
std::optional<Status> parse_status(std::string_view);
std::optional<Level> parse_level(std::string_view);  // "" gives Level::None
std::optional<Resolution> parse_resolution(std::string_view);
std::optional<Role> parse_role(std::string_view);
std::optional<Channel> parse_channel(std::string_view);
// Only the actions a client may request; Register and AutoClose are not accepted.
std::optional<Action> parse_requested_action(std::string_view);

// Impact and urgency run from 1 (high) to 3 (low); priority from 1 (critical) to 4 (low).
int priority_for(int impact, int urgency);

// The impact and urgency of a report whose reporter says nothing about them (or is not
// asked, as on a security report): one rule for the tray, the kiosk and tkctl, so that the
// same report gets the same priority wherever it is filed. A security incident is urgent
// and may reach beyond its reporter (P2; the SOC's 2-hour stage applies anyway); an
// incident affects its reporter, who can partly keep working (P4); a request waits (P4).
struct ImpactUrgency {
  int impact;
  int urgency;
};
ImpactUrgency default_impact_urgency(TicketType);

// The TK (DESIGN section 3): "TK-", the year of registration, "-", and a sequence of six
// digits that grows past six if a year ever needs it: TK-2026-000123.
std::string format_tk(int year, std::int64_t number);
bool is_well_formed_tk(std::string_view);
// A TK as a person types it on a keypad or in a search box ("TK-2026-000123", "2026-123",
// "2026 000123", "2026000123"): the year's four digits, then the number; the TK in its one
// form, or nothing when the digits cannot be one.
std::optional<std::string> tk_from_typed(std::string_view typed);
// "TK-2026-": what every TK of that year starts with.
std::string tk_year_prefix(int year);

struct Reporter {
  std::string employee;  // digits only
  std::string name;
  std::string email;
  std::string phone;
  std::string location;
};

struct Device {
  std::string hostname;
  std::string os;
  std::string os_version;
  std::string user;
  std::vector<std::string> ip_addresses;
  bool empty() const {
    return hostname.empty() && os.empty() && os_version.empty() && user.empty() && ip_addresses.empty();
  }
};

// One field a move changed (classification, assignment), as text: "priority" "4" -> "2".
struct FieldChange {
  std::string field;
  std::string from;
  std::string to;
  bool operator==(const FieldChange& o) const { return field == o.field && from == o.from && to == o.to; }
};

struct HistoryEvent {
  std::int64_t at = 0;  // seconds since the Unix epoch, UTC
  std::string by;       // who did it: "agent:Name", "employee:1002", "kiosk:Lobby", "system"
  Action action = Action::Register;
  Status from_status = Status::Registered;
  Level from_level = Level::None;
  Status to_status = Status::Registered;
  Level to_level = Level::None;
  std::string note;
  bool from_known = false;  // false for the registration, which has no "from"
  std::vector<FieldChange> changes;
};

// The time one level (and group) had a ticket, measured against that stage's own target
// (docs/design.md section 9). A breach is recorded in the stage and stays when the ticket moves on.
struct Stage {
  Level level = Level::First;
  std::string group;
  std::int64_t started_at = 0;
  std::int64_t due_at = 0;
  std::int64_t ended_at = 0;        // 0 while the stage runs
  std::int64_t paused_seconds = 0;  // working time spent waiting on the user, which does not count
  std::int64_t paused_since = 0;    // 0 unless waiting on the user now
  bool breached = false;            // set when the stage ended late or was late when it paused
  bool running() const { return ended_at == 0; }
  bool operator==(const Stage& o) const {
    return level == o.level && group == o.group && started_at == o.started_at && due_at == o.due_at &&
           ended_at == o.ended_at && paused_seconds == o.paused_seconds && paused_since == o.paused_since &&
           breached == o.breached;
  }
};

struct AttachmentInfo {
  std::int64_t id = 0;
  std::string name;
  std::string content_type;
  std::int64_t size = 0;
};

struct NewAttachment {
  std::string name;
  std::string content_type;
  std::string data;  // raw bytes
};

// The user's answer to "was it solved?" (ISO 9001: customer satisfaction, docs/design.md
// section 9): a rating from 1 to 5 and what they wrote.
struct Satisfaction {
  int rating = 0;  // 0: not rated
  std::string comment;
  std::int64_t at = 0;
  bool operator==(const Satisfaction& o) const { return rating == o.rating && comment == o.comment && at == o.at; }
};

struct Ticket {
  std::string tk;
  TicketType type = TicketType::Incident;
  std::string category;
  std::string summary;
  std::string description;
  int impact = 3;
  int urgency = 3;
  int priority = 4;
  Status status = Status::Registered;
  // The level work is (or was last) done at; shown only while the ticket is being worked.
  Level level = Level::None;
  Resolution resolution = Resolution::None;
  std::string resolution_notes;
  std::string containment;
  std::string vendor_ref;
  Reporter reporter;
  Channel channel = Channel::Api;
  Device device;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t sla_due_at = 0;
  std::int64_t stage_started_at = 0;
  std::int64_t resolved_at = 0;  // 0 while not resolved
  std::int64_t change_seq = 0;   // server-wide order of changes, the sync cursor
  std::string group;             // the desk group that has it; empty for none
  std::string assignee;          // the agent's login; empty while nobody took it
  std::vector<Stage> stages;     // oldest first; the last one is the current stage
  std::int64_t closed_at = 0;    // 0 while not closed
  Satisfaction satisfaction;
  std::vector<HistoryEvent> history;
  std::vector<AttachmentInfo> attachments;

  // The level as users see it (DESIGN table): none before take and after resolution.
  Level visible_level() const;
  bool is_closed() const { return status == Status::Closed; }
};

// What a caller is, as established from its token.
struct Identity {
  std::int64_t token_id = 0;
  Role role = Role::Employee;
  std::string employee;  // for employee tokens
  std::string name;
  std::string login;          // agents: who tickets are assigned to
  std::string group;          // agents: their desk group, if any
  std::string actor() const;  // the "by" of history events
};

// Desk staff: an agent or an administrator (the one place that says so).
inline bool is_desk(const Identity& who) { return who.role == Role::Agent || who.role == Role::Admin; }

}  // namespace tk
