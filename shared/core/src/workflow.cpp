#include "tk/workflow.h"

#include "tk/catalog.h"

#include <algorithm>

namespace tk {
namespace {

using L = Level;
using S = Status;

}  // namespace

const std::vector<Move>& workflow_table() {
  // clang-format off
  static const std::vector<Move> table{
    // action                 who               types                    from            from levels             to               level change           needs                 resolution
    {Action::Take,            Who::Desk,        TypeFilter::NotSecurity, S::Registered,  {},                     S::InProgress,   LevelChange::ToFirst,  Needs::Nothing,       Resolution::None},
    {Action::Take,            Who::Desk,        TypeFilter::SecurityOnly,S::Registered,  {},                     S::InProgress,   LevelChange::ToSoc,    Needs::Nothing,       Resolution::None},
    // Taking a ticket already in progress (after an escalation, from a colleague) only
    // assigns it to the caller.
    {Action::Take,            Who::Desk,        TypeFilter::Any,         S::InProgress,  {},                     S::InProgress,   LevelChange::Keep,     Needs::Nothing,       Resolution::None},
    {Action::Take,            Who::Desk,        TypeFilter::Any,         S::PendingUser, {},                     S::PendingUser,  LevelChange::Keep,     Needs::Nothing,       Resolution::None},
    {Action::Take,            Who::Desk,        TypeFilter::Any,         S::Vendor,      {},                     S::Vendor,       LevelChange::Keep,     Needs::Nothing,       Resolution::None},
    {Action::Escalate,        Who::Desk,        TypeFilter::Any,         S::InProgress,  {L::First, L::Soc},     S::InProgress,   LevelChange::ToSecond, Needs::Nothing,       Resolution::None},
    {Action::Escalate,        Who::Desk,        TypeFilter::Any,         S::InProgress,  {L::Second},            S::InProgress,   LevelChange::ToThird,  Needs::Nothing,       Resolution::None},
    {Action::Vendor,          Who::Desk,        TypeFilter::Any,         S::InProgress,  {L::Third},             S::Vendor,       LevelChange::Keep,     Needs::VendorRef,     Resolution::None},
    {Action::AskUser,         Who::Desk,        TypeFilter::Any,         S::InProgress,  {},                     S::PendingUser,  LevelChange::Keep,     Needs::Note,          Resolution::None},
    {Action::AskUser,         Who::Desk,        TypeFilter::Any,         S::Vendor,      {},                     S::PendingUser,  LevelChange::Keep,     Needs::Note,          Resolution::None},
    {Action::Answer,          Who::DeskOrOwner, TypeFilter::Any,         S::PendingUser, {},                     S::InProgress,   LevelChange::Keep,     Needs::Nothing,       Resolution::None},
    {Action::Resolve,         Who::Desk,        TypeFilter::Any,         S::InProgress,  {},                     S::Resolved,     LevelChange::Keep,     Needs::Note,          Resolution::None},
    {Action::Resolve,         Who::Desk,        TypeFilter::Any,         S::Vendor,      {},                     S::Resolved,     LevelChange::Keep,     Needs::Note,          Resolution::None},
    {Action::Confirm,         Who::DeskOrOwner, TypeFilter::Any,         S::Resolved,    {},                     S::Closed,       LevelChange::Keep,     Needs::Nothing,       Resolution::Resolved},
    {Action::Reopen,          Who::DeskOrOwner, TypeFilter::Any,         S::Resolved,    {},                     S::InProgress,   LevelChange::Keep,     Needs::Nothing,       Resolution::None},
    {Action::CloseNotResolved,Who::Desk,        TypeFilter::Any,         S::InProgress,  {L::Third},             S::Closed,       LevelChange::Keep,     Needs::Containment,   Resolution::NotResolved},
    {Action::CloseNotResolved,Who::Desk,        TypeFilter::Any,         S::Vendor,      {},                     S::Closed,       LevelChange::Keep,     Needs::Containment,   Resolution::NotResolved},
    // The owner rates a closed ticket (14 days at most, checked by the service).
    {Action::Rate,            Who::Owner,       TypeFilter::Any,         S::Closed,      {},                     S::Closed,       LevelChange::Keep,     Needs::Rating,        Resolution::None},
    // Classification and assignment keep status and level, on every open ticket.
    {Action::Classify,        Who::Desk,        TypeFilter::Any,         S::Registered,  {},                     S::Registered,   LevelChange::Keep,     Needs::Classification,Resolution::None},
    {Action::Classify,        Who::Desk,        TypeFilter::Any,         S::InProgress,  {},                     S::InProgress,   LevelChange::Keep,     Needs::Classification,Resolution::None},
    {Action::Classify,        Who::Desk,        TypeFilter::Any,         S::PendingUser, {},                     S::PendingUser,  LevelChange::Keep,     Needs::Classification,Resolution::None},
    {Action::Classify,        Who::Desk,        TypeFilter::Any,         S::Vendor,      {},                     S::Vendor,       LevelChange::Keep,     Needs::Classification,Resolution::None},
    {Action::Assign,          Who::Desk,        TypeFilter::Any,         S::Registered,  {},                     S::Registered,   LevelChange::Keep,     Needs::Assignment,    Resolution::None},
    {Action::Assign,          Who::Desk,        TypeFilter::Any,         S::InProgress,  {},                     S::InProgress,   LevelChange::Keep,     Needs::Assignment,    Resolution::None},
    {Action::Assign,          Who::Desk,        TypeFilter::Any,         S::PendingUser, {},                     S::PendingUser,  LevelChange::Keep,     Needs::Assignment,    Resolution::None},
    {Action::Assign,          Who::Desk,        TypeFilter::Any,         S::Vendor,      {},                     S::Vendor,       LevelChange::Keep,     Needs::Assignment,    Resolution::None},
    // A comment keeps status and level; it is allowed on every state but closed.
    {Action::Comment,         Who::DeskOrOwner, TypeFilter::Any,         S::Registered,  {},                     S::Registered,   LevelChange::Keep,     Needs::Note,          Resolution::None},
    {Action::Comment,         Who::DeskOrOwner, TypeFilter::Any,         S::InProgress,  {},                     S::InProgress,   LevelChange::Keep,     Needs::Note,          Resolution::None},
    {Action::Comment,         Who::DeskOrOwner, TypeFilter::Any,         S::PendingUser, {},                     S::PendingUser,  LevelChange::Keep,     Needs::Note,          Resolution::None},
    {Action::Comment,         Who::DeskOrOwner, TypeFilter::Any,         S::Vendor,      {},                     S::Vendor,       LevelChange::Keep,     Needs::Note,          Resolution::None},
    {Action::Comment,         Who::DeskOrOwner, TypeFilter::Any,         S::Resolved,    {},                     S::Resolved,     LevelChange::Keep,     Needs::Note,          Resolution::None},
    // The desk links a knowledge-base article in any state, closed too: an article is often
    // written, or found, after the case is over.
    {Action::LinkArticle,     Who::Desk,        TypeFilter::Any,         S::Registered,  {},                     S::Registered,   LevelChange::Keep,     Needs::Article,       Resolution::None},
    {Action::LinkArticle,     Who::Desk,        TypeFilter::Any,         S::InProgress,  {},                     S::InProgress,   LevelChange::Keep,     Needs::Article,       Resolution::None},
    {Action::LinkArticle,     Who::Desk,        TypeFilter::Any,         S::PendingUser, {},                     S::PendingUser,  LevelChange::Keep,     Needs::Article,       Resolution::None},
    {Action::LinkArticle,     Who::Desk,        TypeFilter::Any,         S::Vendor,      {},                     S::Vendor,       LevelChange::Keep,     Needs::Article,       Resolution::None},
    {Action::LinkArticle,     Who::Desk,        TypeFilter::Any,         S::Resolved,    {},                     S::Resolved,     LevelChange::Keep,     Needs::Article,       Resolution::None},
    {Action::LinkArticle,     Who::Desk,        TypeFilter::Any,         S::Closed,      {},                     S::Closed,       LevelChange::Keep,     Needs::Article,       Resolution::None},
  };
  // clang-format on
  return table;
}

namespace {

bool role_may(Who who, const Identity& id, bool owner) {
  bool desk = is_desk(id);
  // A kiosk is the owner only for the person who looked the ticket up there (the service
  // lets it confirm, reopen and rate, nothing else).
  bool owner_here = (id.role == Role::Employee || id.role == Role::Kiosk) && owner;
  if (who == Who::Owner) return owner_here;
  if (desk) return true;
  return who == Who::DeskOrOwner && owner_here;
}

bool type_matches(TypeFilter f, TicketType t) {
  switch (f) {
    case TypeFilter::Any: return true;
    case TypeFilter::SecurityOnly: return t == TicketType::SecurityIncident;
    case TypeFilter::NotSecurity: return t != TicketType::SecurityIncident;
  }
  return false;
}

Level apply(LevelChange change, Level current) {
  switch (change) {
    case LevelChange::Keep: return current;
    case LevelChange::ToFirst: return Level::First;
    case LevelChange::ToSoc: return Level::Soc;
    case LevelChange::ToSecond: return Level::Second;
    case LevelChange::ToThird: return Level::Third;
  }
  return current;
}

}  // namespace

namespace {

bool level_matches(const Move& move, Level level) {
  return move.from_levels.empty() ||
         std::find(move.from_levels.begin(), move.from_levels.end(), level) != move.from_levels.end();
}

bool applies_to(const Move& move, const Ticket& ticket) {
  return move.from == ticket.status && type_matches(move.types, ticket.type) && level_matches(move, ticket.level);
}

}  // namespace

std::vector<OwnerMove> owner_moves(const Ticket& ticket) {
  std::vector<OwnerMove> moves;
  for (const auto& move : workflow_table()) {
    if (move.who != Who::DeskOrOwner || !applies_to(move, ticket)) continue;
    bool listed = std::any_of(moves.begin(), moves.end(), [&](const OwnerMove& m) { return m.action == move.action; });
    if (!listed) moves.push_back({move.action, move.needs});
  }
  return moves;
}

bool may_rate(const Ticket& t, std::int64_t now) {
  return t.status == Status::Closed && t.satisfaction.rating == 0 && t.closed_at != 0 &&
         now - t.closed_at <= kRatingWindowSeconds;
}

Result<Transition> decide(const Ticket& ticket, const Identity& who, bool owner, const EventRequest& request) {
  const auto& table = workflow_table();
  bool any_row = false, role_allowed = false;
  const Move* match = nullptr;
  for (const auto& move : table) {
    if (move.action != request.action) continue;
    any_row = true;
    if (!role_may(move.who, who, owner)) continue;
    role_allowed = true;
    if (!applies_to(move, ticket)) continue;
    match = &move;
    break;
  }
  // People read the action and the state by their names ("Tomar", "Cerrado"), never by their ids.
  auto action_es = action_verb(request.action, Language::Spanish);
  auto action_en = action_verb(request.action, Language::English);
  if (!any_row) return make_error(ErrorKind::Invalid, "unknown_action", N_("Unknown action."), "action");
  if (!role_allowed)
    return make_error(ErrorKind::Forbidden, "forbidden_action",
                      {"Su rol no permite «" + action_es + "» en este ticket.",
                       "Your role does not allow «" + action_en + "» on this ticket."});
  if (!match) {
    Level level = ticket.visible_level();
    return make_error(ErrorKind::Conflict, "illegal_transition",
                      {"«" + action_es + "» no es posible con el ticket en «" +
                           status_label(ticket.status, level, ticket.resolution) + "».",
                       "«" + action_en + "» is not possible while the ticket is «" +
                           status_label_en(ticket.status, level, ticket.resolution) + "»."});
  }
  switch (match->needs) {
    case Needs::Nothing: break;
    case Needs::Note:
      if (request.note.empty())
        return make_error(ErrorKind::Invalid, "required", N_("This action needs a note."), "note");
      break;
    case Needs::VendorRef:
      if (request.vendor_ref.empty())
        return make_error(ErrorKind::Invalid, "required", N_("Give the vendor's case reference."), "vendor_ref");
      break;
    case Needs::Classification:
      if (!request.type && request.category.empty() && !request.impact && !request.urgency)
        return make_error(ErrorKind::Invalid, "required", N_("Say what changes: type, category, impact or urgency."),
                          "type");
      if (request.note.empty())
        return make_error(ErrorKind::Invalid, "required", N_("A classification needs its reason in the note."), "note");
      break;
    case Needs::Rating:
      if (!request.rating)
        return make_error(ErrorKind::Invalid, "required", N_("Give the rating, from 1 to 5."), "rating");
      break;
    case Needs::Article:
      if (request.article <= 0)
        return make_error(ErrorKind::Invalid, "required", N_("Give the article's number."), "article");
      break;
    case Needs::Assignment:
      if (request.group.empty() && request.assignee.empty())
        return make_error(ErrorKind::Invalid, "required", N_("Give the group or the agent."), "group");
      break;
    case Needs::Containment:
      if (request.containment.empty())
        return make_error(ErrorKind::Invalid, "required",
                          N_("Closing without a resolution needs the containment recommendations applied."),
                          "containment");
      break;
  }
  return Transition{match, match->to, apply(match->level, ticket.level)};
}

}  // namespace tk
