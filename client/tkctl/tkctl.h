// tkctl's parts. The command table (main.cpp) drives parsing, the refusal of what a
// command does not take, dispatch and help; each family of commands has its file: the
// user's own (user_commands.cpp), the desk's (desk_commands.cpp), the knowledge base
// (kb_commands.cpp), quality (quality_commands.cpp); output.h says how things are printed.
// Every word goes through the product's catalogs (tk/messages.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tk/api_client.h"
#include "tk/catalog.h"
#include "tk/client_session.h"
#include "tk/client_store.h"
#include "tk/command_line.h"
#include "tk/messages.h"
#include "tk/sync_engine.h"

namespace tkctl {

using tk::cli::UsageError;

// The language of everything tkctl says; set once, first thing in main.
extern tk::Language g_language;

// A catalog id in the user's language (xgettext's keyword _).
inline const char* _(const char* english) { return tk::translate(g_language, english); }
// The form for `n` (xgettext's keyword P_:1,2).
inline std::string P_(const char* singular, const char* plural, unsigned long n) {
  return tk::translate_plural(g_language, singular, plural, n);
}
using tk::format;

// What every command has: its arguments, its operands, the session with the server and
// the local cache (opened on first use: desk commands need none), and the output form.
class Context {
 public:
  Context(const tk::cli::Arguments& args, const tk::cli::Command& command);

  const tk::cli::Arguments& args;
  const tk::cli::Command& command;
  const std::vector<std::string> operands;
  const bool json;

  tk::ClientStore& store();
  tk::SyncEngine& engine();
  tk::ApiClient& api() { return session_.api(); }
  // For names (categories, groups): the cached catalog, else the server's, else the built-in.
  const tk::Catalog& catalog();

  // Says the error (on stderr, or as JSON on stdout with --json), with the server's address
  // when it could not be reached; the exit code: 1 refused, 3 not reached.
  int fail(const tk::Error& error);
  // An error of tkctl's own, already in the user's language.
  int fail(tk::ErrorKind kind, const std::string& code, const std::string& message);

  // The single TK operand; a usage error otherwise.
  std::string one_tk() const;
  // No operands; a usage error otherwise.
  void no_operands() const;

 private:
  std::string server_;
  tk::ClientSession session_;
  bool opened_ = false;
  std::optional<tk::Catalog> catalog_;
};

// --impact / --urgency: 1 (high) to 3 (low), `fallback` when not given.
int parse_scale(const Context&, const char* name, int fallback);
// --type: incident, service_request or security_incident.
tk::TicketType parse_type(const std::string& value);

// The commands, by family.
int report(Context&);
int register_call(Context&);
int sync(Context&);
int status(Context&);
int mine(Context&);
int show(Context&);
int correct(Context&);
int discard(Context&);
int enrol(Context&);
int queue(Context&);
int classify(Context&);
int assign(Context&);
int ticket_event(Context&);  // take, escalate, ... close: one workflow move each
int kb_search(Context&);
int kb_show(Context&);
int kb_add(Context&);
int kb_edit(Context&);
int kb_publish(Context&);
int kb_link(Context&);
int stats(Context&);

// Prints a moved ticket (its TK and state, or JSON).
int print_moved(Context&, const tk::Ticket&);
// A workflow move sent to the server at once, with a key of its own.
int send_move(Context&, const std::string& tk, const tk::EventRequest&);

}  // namespace tkctl
