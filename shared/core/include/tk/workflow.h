// The workflow as one table of allowed moves (docs/design.md section 3). Anything that is not
// a row of the table is refused. decide() is the only place that interprets the table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tk/domain.h"
#include "tk/error.h"

namespace tk {

// Desk = agent or admin tokens; Owner = the employee who reported the ticket, and nobody else.
enum class Who { Desk, DeskOrOwner, Owner };
enum class TypeFilter { Any, SecurityOnly, NotSecurity };
enum class Needs { Nothing, Note, VendorRef, Containment, Classification, Assignment, Rating, Article };
enum class LevelChange { Keep, ToFirst, ToSoc, ToSecond, ToThird };

struct Move {
  Action action;
  Who who;
  TypeFilter types;
  Status from;
  std::vector<Level> from_levels;  // empty: any level
  Status to;
  LevelChange level;
  Needs needs;
  Resolution resolution;  // set when the move closes the ticket
};

const std::vector<Move>& workflow_table();

struct EventRequest {
  EventRequest() = default;
  explicit EventRequest(Action action, std::string note = {}, std::string vendor_ref = {}, std::string containment = {})
      : action(action), note(std::move(note)), vendor_ref(std::move(vendor_ref)), containment(std::move(containment)) {}

  Action action = Action::Comment;
  std::string note;
  std::string vendor_ref;
  std::string containment;
  // classify: the fields given (any subset, at least one)
  std::optional<TicketType> type;
  std::string category;  // empty: unchanged
  std::optional<int> impact;
  std::optional<int> urgency;
  // assign: the group and agent's login (either may be empty: unchanged)
  std::string group;
  std::string assignee;
  // confirm (optional) and rate (required): 1 to 5, and what the user says
  std::optional<int> rating;
  std::string comment;
  // link_article: the knowledge-base article's id (0: none given)
  int article = 0;
};

struct Transition {
  const Move* move = nullptr;
  Status to_status = Status::Registered;
  Level to_level = Level::None;
};

// The moves a ticket's owner (an employee) may make on it as it is now, in the table's
// order, each with what it needs: read from the table, so that a client offers exactly
// what the server accepts and asks for a note exactly when the server will.
struct OwnerMove {
  Action action;
  Needs needs;
  bool operator==(const OwnerMove& o) const { return action == o.action && needs == o.needs; }
};
std::vector<OwnerMove> owner_moves(const Ticket&);

// How long after closing the owner may still rate a ticket (docs/design.md section 9).
constexpr std::int64_t kRatingWindowSeconds = 14 * 24 * 3600;
// Whether the owner may rate the ticket now: closed, not rated, within the window. (Not a
// row owner_moves() lists: a rating is asked beside the confirmation, and on its own only
// in this case.)
bool may_rate(const Ticket&, std::int64_t now);

// Checks, in this order: the caller's role may ever make this move (403), the ticket's
// state allows it (409), the move has what it needs (422).
Result<Transition> decide(const Ticket&, const Identity&, bool caller_owns_ticket, const EventRequest&);

}  // namespace tk
