#include <fstream>
#include <iostream>

#include "tk/file_path.h"
#include "tk/http.h"
#include "tk/json_mapping.h"
#include "tk/machine_policy.h"
#include "tk/platform.h"
#include "tk/text.h"
#include "tk/time.h"
#include "output.h"
#include "tkctl.h"

namespace tkctl {

tk::Language g_language = tk::Language::Spanish;

namespace {

// --token, else the first line of --token-file, else TK_TOKEN. (A token on the command
// line is seen by every user of the machine through ps; the help says so.)
std::string token(const tk::cli::Arguments& args, const tk::cli::Command& command) {
  // enrol makes the token: its --token-file is where to write it, not where to read one.
  if (command.name == "enrol") return {};
  if (auto given = args.get("token"); !given.empty()) return given;
  if (auto file = args.get("token-file"); !file.empty()) {
    std::ifstream in(tk::utf8_path(file));
    std::string line;
    if (!in || !std::getline(in, line)) throw UsageError(format(_("cannot read the --token-file: {}"), {file}));
    return tk::trim(line);
  }
  return tk::platform::environment_variable("TK_TOKEN");
}

std::string server_url(const tk::cli::Arguments& args) {
  if (args.values.count("server") && tk::trim(args.values.at("server")).empty())
    throw UsageError(_("--server is empty: give the desk's address, e.g. https://mesa.example.gob.mx"));
  // The machine's policy names the server when neither the command line nor TK_SERVER does.
  std::string url = tk::choose_server(args.get("server", "TK_SERVER"), "", tk::machine_policy());
  // A mistyped address is the user's to fix, not a network to wait for.
  if (auto parsed = tk::parse_server_url(url); !parsed)
    throw UsageError(parsed.error().message_in(g_language) + " (" + url + ")");
  return url;
}

tk::SessionOptions session_options(const tk::cli::Arguments& args, const tk::cli::Command& command,
                                   const std::string& server) {
  tk::SessionOptions options;
  options.server_url = server;
  options.token = token(args, command);
  options.data_dir = args.get("data-dir", "TK_DATA_DIR");
  options.accept_language = tk::accept_language(g_language);
  options.timeout = std::chrono::milliseconds(10000);
  return options;
}

}  // namespace

Context::Context(const tk::cli::Arguments& arguments, const tk::cli::Command& which)
    : args(arguments),
      command(which),
      operands(tk::cli::CommandLine::operands(arguments, which)),
      json(arguments.has("json")),
      server_(server_url(arguments)),
      session_(session_options(arguments, which, server_)) {}

tk::ClientStore& Context::store() {
  bool first = !opened_;
  opened_ = true;
  auto& store = session_.store();
  if (const auto& opened = session_.open_report(); first && opened.recovered)
    std::cerr << "tkctl: "
              << format(_("the local cache was damaged; it was set aside as {} and {} unsent reports were recovered."),
                        {opened.set_aside_as, std::to_string(opened.outbox_rows_recovered)})
              << "\n";
  return store;
}

tk::SyncEngine& Context::engine() {
  store();
  return session_.engine();
}

const tk::Catalog& Context::catalog() {
  if (!catalog_) {
    auto cached = store().catalog();
    if (!cached && engine().refresh_catalog()) cached = store().catalog();
    catalog_ = cached ? *cached : tk::default_catalog();
  }
  return *catalog_;
}

int Context::fail(const tk::Error& e) {
  if (json) {
    std::cout << tk::error_to_json(e, g_language).dump() << "\n";
  } else {
    std::cerr << "tkctl: " << e.message_in(g_language);
    if (!e.field.empty()) std::cerr << " " << format(_("(field: {})"), {e.field});
    // Which server was tried: an address from an old TK_SERVER is the usual reason.
    if (!tk::reached_server(e)) std::cerr << " " << format(_("(server: {})"), {server_});
    std::cerr << "\n";
  }
  return tk::reached_server(e) ? 1 : 3;
}

int Context::fail(tk::ErrorKind kind, const std::string& code, const std::string& message) {
  return fail(tk::make_error(kind, code, {message, message}));
}

std::string Context::one_tk() const {
  if (operands.size() != 1) throw UsageError(format(_("{} needs a TK, e.g. TK-2026-000123"), {command.name}));
  return operands[0];
}

void Context::no_operands() const {
  if (!operands.empty()) throw UsageError(format(_("{} takes no bare arguments"), {command.name}));
}

int parse_scale(const Context& c, const char* name, int fallback) {
  std::string v = c.args.get(name);
  if (v.empty()) return fallback;
  if (v != "1" && v != "2" && v != "3") throw UsageError(format(_("--{} goes from 1 (high) to 3 (low)"), {name}));
  return std::stoi(v);
}

tk::TicketType parse_type(const std::string& value) {
  auto type = tk::parse_ticket_type(value);
  if (!type) throw UsageError(_("--type must be incident, service_request or security_incident"));
  return *type;
}

int print_moved(Context& c, const tk::Ticket& ticket) {
  if (c.json)
    std::cout << tk::to_json(ticket, tk::now_seconds()).dump() << "\n";
  else
    std::cout << ticket.tk << ": " << state_text(ticket) << "\n";
  return 0;
}

int send_move(Context& c, const std::string& tk, const tk::EventRequest& event) {
  // A key per move: if the answer is lost and the move is sent again, it happens once.
  auto ticket = c.api().post_event(tk, event, tk::random_uuid());
  if (!ticket) return c.fail(ticket.error());
  return print_moved(c, *ticket);
}

}  // namespace tkctl
