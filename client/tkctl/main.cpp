// tkctl: the command-line client for users, desk staff and scripts (docs/design.md section 4).
// Exit codes: 0 done; 1 the server refused (the message says why); 2 wrong usage;
// 3 the server could not be reached. It speaks Spanish or English: --lang, else the
// system's language (tk/language.h); the server is asked for its errors in the same one.
#include <iostream>

#include "output.h"
#include "tk/logging.h"
#include "tk/platform.h"
#include "tkctl.h"

#ifndef TK_VERSION
#define TK_VERSION "0.0.0"
#endif

namespace tkctl {
namespace {

const char* const kUser = N_("Users (these work offline; the cache is in --data-dir):");
const char* const kDesk = N_("Service desk (an agent's token):");
const char* const kKnowledge = N_("Knowledge base:");
const char* const kQuality = N_("Quality (an agent's or administrator's token):");

// A command of tkctl's runs in a Context: its arguments, operands, session and output form.
std::function<int(const tk::cli::Arguments&, const tk::cli::Command&)> in_context(int (*run)(Context&)) {
  return [run](const tk::cli::Arguments& args, const tk::cli::Command& command) {
    Context context(args, command);
    return run(context);
  };
}

const std::vector<std::string> kReportOptions{"type",     "category", "summary", "description", "impact",  "urgency",
                                              "employee", "name",     "email",   "phone",       "location"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// One line per command: what it is called, what it takes, what it does, what runs it.
const std::vector<tk::cli::Command>& commands() {
  static const std::vector<tk::cli::Command> table{
      {"enrol",
       N_("[CODE|-] [--token-file F] | --user ACCOUNT [--token-file F]"),
       N_("trades the one-time enrolment code the desk gave for a token of your own: writes it to --token-file "
          "(readable by you alone) or prints it; without CODE (or with -) it is read from standard input, the "
          "better way: on the command line other users of the computer see it with ps. With --user ACCOUNT, the "
          "same with your institutional account (LDAP / Active Directory), if the server takes it; the password "
          "is asked for without showing it"),
       kUser,
       {"user"},
       {},
       in_context(enrol)},
      {"report",
       N_("--type T --category C --summary S --description D [--impact N] [--urgency N] [--name N "
          "--email E --phone T --location L]"),
       N_("saves the report and sends it: prints its TK, or \"queued <local-id>\" when there is no connection "
          "(it is sent with the next sync)"),
       kUser,
       kReportOptions,
       {"type", "category", "summary", "description"},
       in_context(report)},
      {"sync",
       "",
       N_("sends the queued reports and brings the changes; ends with 0 when everything was sent"),
       kUser,
       {},
       {},
       in_context(sync)},
      {"status",
       N_("TK|ID"),
       N_("a ticket's status (or a queued report's or action's) from the cache, with the time the server "
          "confirmed it"),
       kUser,
       {},
       {},
       in_context(status)},
      {"mine",
       "",
       N_("my tickets, and my queued reports and actions, from the cache"),
       kUser,
       {},
       {},
       in_context(mine)},
      {"show", N_("TK"), N_("a ticket with its history, asked of the server"), kUser, {}, {}, in_context(show)},
      {"correct",
       N_("L-ID [--type T --category C --summary S --description D --impact N --urgency N]"),
       N_("corrects a report the server refused and sends it again"),
       kUser,
       {"type", "category", "summary", "description", "impact", "urgency"},
       {},
       in_context(correct)},
      {"discard", N_("L-ID|A-ID"), N_("discards a refused report or action"), kUser, {}, {}, in_context(discard)},
      {"answer",
       N_("TK [--note N]"),
       N_("the user's answer to the desk's question"),
       kUser,
       {"note"},
       {},
       in_context(ticket_event)},
      {"comment", N_("TK --note N"), N_("adds a comment"), kUser, {"note"}, {"note"}, in_context(ticket_event)},
      {"confirm",
       N_("TK [--rating 1-5] [--comment C]"),
       N_("the user confirms the solution (the ticket closes resolved) and rates it"),
       kUser,
       {"note", "rating", "comment"},
       {},
       in_context(ticket_event)},
      {"rate",
       N_("TK --rating 1-5 [--comment C]"),
       N_("rates a closed ticket (up to 14 days after)"),
       kUser,
       {"rating", "comment"},
       {"rating"},
       in_context(ticket_event)},
      {"reopen",
       N_("TK [--note N]"),
       N_("the user reopens a resolved ticket. answer, comment, confirm, rate and reopen work offline: they are "
          "saved (\"queued A-...\") and sent once with the next sync"),
       kUser,
       {"note"},
       {},
       in_context(ticket_event)},
      {"register",
       N_("--for EMPLOYEE [--channel phone|email|in_person] --type T --category C --summary S "
          "--description D [--impact N] [--urgency N] [--name N --email E --phone T --location L]"),
       N_("registers an employee's call, e-mail or visit (phone unless told); prints the TK"),
       kDesk,
       with({"for", "channel"}, kReportOptions),
       {"for", "type", "category", "summary", "description"},
       in_context(register_call)},
      {"queue",
       N_("[--mine | --my-group | --unassigned | --group G | --assignee LOGIN] [--type T] [--level 1|soc|2|3] "
          "[--status S] [--breached] [--text TEXT] [--all]"),
       N_("open tickets, late first and then by due time; --mine, those assigned to me and to my group; --all "
          "includes closed ones"),
       kDesk,
       {"status", "breached", "all", "mine", "my-group", "unassigned", "group", "assignee", "type", "level", "text"},
       {},
       in_context(queue)},
      {"classify",
       N_("TK [--type T] [--category C] [--impact N] [--urgency N] --note REASON"),
       N_("corrects the classification; priority and due time are computed again"),
       kDesk,
       {"type", "category", "impact", "urgency", "note"},
       {"note"},
       in_context(classify)},
      {"assign",
       N_("TK [--group G] [--to LOGIN]"),
       N_("assigns to a group of the same level or to an agent"),
       kDesk,
       {"group", "to"},
       {},
       in_context(assign)},
      {"take",
       N_("TK"),
       N_("taken by whoever runs it (first level or SOC if it is new)"),
       kDesk,
       {"note"},
       {},
       in_context(ticket_event)},
      {"escalate",
       N_("TK [--note N]"),
       N_("escalates to the next level (1/SOC -> 2 -> 3)"),
       kDesk,
       {"note"},
       {},
       in_context(ticket_event)},
      {"vendor",
       N_("TK --ref REF [--note N]"),
       N_("records the case opened with the vendor"),
       kDesk,
       {"ref", "vendor-ref", "note"},
       {},
       in_context(ticket_event)},
      {"ask",
       N_("TK --note QUESTION"),
       N_("asks the user (the ticket waits for their answer)"),
       kDesk,
       {"note"},
       {"note"},
       in_context(ticket_event)},
      {"resolve",
       N_("TK --note SOLUTION"),
       N_("marks it resolved"),
       kDesk,
       {"note"},
       {"note"},
       in_context(ticket_event)},
      {"close",
       N_("TK [--not-resolved --containment TEXT] [--note N]"),
       N_("closes a resolved ticket (as confirm does); with --not-resolved, closes it \"not resolved\" with the "
          "containment recommendations"),
       kDesk,
       {"not-resolved", "containment", "note"},
       {},
       in_context(ticket_event)},
      {"kb search",
       N_("TEXT"),
       N_("the published articles that answer TEXT, best first, from the local copy (offline too)"),
       kKnowledge,
       {},
       {},
       in_context(kb_search)},
      {"kb show", N_("ID"), N_("an article: symptoms and steps"), kKnowledge, {}, {}, in_context(kb_show)},
      {"kb add",
       N_("--title T --symptoms S --steps P [--category C] [--keywords K] [--publish] [--from-ticket TK]"),
       N_("(desk) writes an article, a draft unless --publish; with --from-ticket, what is missing comes from the "
          "ticket and its solution; if text is still missing, $EDITOR opens"),
       kKnowledge,
       {"title", "symptoms", "steps", "category", "keywords", "publish", "from-ticket"},
       {},
       in_context(kb_add)},
      {"kb edit",
       N_("ID [--title T] [--symptoms S] [--steps P] [--category C] [--keywords K] [--publish | --draft]"),
       N_("(desk) changes what is given; --draft withdraws it from the public"),
       kKnowledge,
       {"title", "symptoms", "steps", "category", "keywords", "publish", "draft"},
       {},
       in_context(kb_edit)},
      {"kb publish", N_("ID"), N_("(desk) publishes it"), kKnowledge, {}, {}, in_context(kb_publish)},
      {"kb link",
       N_("ID TK [--note N]"),
       N_("(desk) links the article to the ticket (it stays in its history; kb show lists an article's tickets)"),
       kKnowledge,
       {"note"},
       {},
       in_context(kb_link)},
      {"stats",
       N_("[--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv]"),
       N_("the quality report of the period (this month unless told): volume, stages in time, resolution, "
          "satisfaction, reopenings, first contact, backlog and objectives; --csv, one figure a line"),
       kQuality,
       {"from", "to", "csv"},
       {},
       in_context(stats)},
  };
  return table;
}

const tk::cli::CommandLine& command_line() {
  static const tk::cli::CommandLine line = [] {
    return tk::cli::CommandLine(
        "tkctl", N_("tkctl [--server URL] [--token T] [--data-dir DIR] [--lang es|en] [--json] COMMAND ..."),
        {{"server", "URL", N_("the server (by default the computer's policy's, or http://127.0.0.1:8080)")},
         {"token", "T",
          N_("access token (better in TK_TOKEN or --token-file: on the command line other users of the computer "
             "see it)")},
         {"token-file", "F", N_("reads the token from the first line of file F")},
         {"data-dir", "DIR", N_("where the local cache is")},
         {"lang", "es|en", N_("the language of tkctl and of the server's errors (by default the system's)")},
         {"json", "", N_("machine-readable output")},
         {"help", "", N_("this help; tkctl COMMAND --help, a command's")},
         {"version", "", N_("the version")}},
        N_("Global options (also TK_SERVER, TK_TOKEN, TK_DATA_DIR):"),
        {{"type", "T"},       {"category", "C"},     {"summary", "S"},   {"description", "D"}, {"impact", "N"},
         {"urgency", "N"},    {"status", "S"},       {"employee", "N"},  {"name", "N"},        {"email", "E"},
         {"phone", "T"},      {"location", "L"},     {"for", "N"},       {"channel", "C"},     {"group", "G"},
         {"to", "LOGIN"},     {"assignee", "L"},     {"level", "L"},     {"text", "T"},        {"rating", "N"},
         {"comment", "C"},    {"from", "D"},         {"title", "T"},     {"symptoms", "S"},    {"steps", "P"},
         {"keywords", "K"},   {"from-ticket", "TK"}, {"user", "U"},      {"note", "N"},        {"ref", "R"},
         {"vendor-ref", "R"}, {"containment", "C"},  {"csv", ""},        {"breached", ""},     {"all", ""},
         {"mine", ""},        {"my-group", ""},      {"unassigned", ""}, {"not-resolved", ""}, {"publish", ""},
         {"draft", ""}},
        commands());
  }();
  return line;
}

}  // namespace
}  // namespace tkctl

int main(int argc, char** argv) {
  using namespace tkctl;
  try {
    tk::platform::use_utf8_console();
    auto arguments = tk::platform::utf8_arguments(argc, argv);
    // The language first, so that even a mistake in the other arguments is told in it.
    g_language = tk::system_language();
    for (std::size_t i = 1; i < arguments.size(); ++i) {
      if (arguments[i].rfind("--lang=", 0) == 0) g_language = tk::parse_language(arguments[i].substr(7));
      if (arguments[i] == "--lang" && i + 1 < arguments.size()) g_language = tk::parse_language(arguments[i + 1]);
    }
    const auto& line = command_line();
    auto args = line.parse(arguments, g_language);
    if (!args.has("json")) print_for_people();
    // The program's own log goes to its file, off the terminal: what the user must know,
    // tkctl says in words of its own (a cache set aside, a refused report).
    // Without a home (a service account), no file in whatever folder tkctl was started in.
    std::string log_dir = tk::log::default_log_dir("tkctl");
    try {
      tk::log::setup({"tkctl", log_dir == "." ? "" : log_dir, tk::log::Severity::Warning, false});
    } catch (const std::exception&) {
      tk::log::setup({"tkctl", "", tk::log::Severity::Error, false});  // a home without room: no log
    }
    int answered = 0;
    const auto* command = line.command_to_run(args, g_language, TK_VERSION, answered);
    if (!command) return answered;
    return command->run(args, *command);
  } catch (const UsageError& e) {
    std::cerr << "tkctl: " << e.what() << "\n" << _("(tkctl --help shows the usage)") << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "tkctl: " << e.what() << "\n";
    return 1;
  }
}
