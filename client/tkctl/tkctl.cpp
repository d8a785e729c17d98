// tkctl: the command-line client for users, desk staff and scripts (DESIGN.md section 4).
// Exit codes: 0 done; 1 the server refused (the message says why); 2 wrong usage;
// 3 the server could not be reached.
#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tk/api_client.h"
#include "tk/client_session.h"
#include "tk/client_store.h"
#include "tk/platform.h"
#include "tk/sync_engine.h"
#include "tk/catalog.h"
#include "tk/json_mapping.h"
#include "tk/logging.h"
#include "tk/machine_policy.h"
#include "tk/service_level.h"
#include "tk/text.h"
#include "tk/time.h"
#include "tk/ui/text.h"

#ifndef TK_VERSION
#define TK_VERSION "0.0.0"
#endif

namespace {

const char* kUsage = R"(Uso: tkctl [--server URL] [--token T] [--data-dir DIR] [--json] COMANDO ...

Opciones globales (también TK_SERVER, TK_TOKEN, TK_DATA_DIR):
  --server URL      servidor (por omisión http://127.0.0.1:8080)
  --token T         token de acceso
  --json            salida legible por máquinas

Usuarios (funcionan sin conexión; la caché está en --data-dir):
  report --type T --category C --summary S --description D [--impact N] [--urgency N]
         [--name N --email E --phone T --location L]
                    guarda el reporte y lo envía: imprime su TK, o "queued <id-local>"
                    si no hay conexión (se enviará con el siguiente sync)
  sync              envía los reportes en cola y trae los cambios; sale con 0 si todo
                    se envió
  status TK|ID      estado de un ticket (o de un reporte en cola) según la caché, con
                    la hora en que el servidor lo confirmó
  mine              mis tickets y mis reportes en cola, según la caché
  show TK           un ticket con su historial, consultado al servidor

Mesa de servicios (token de agente):
  queue [--status S] [--breached] [--all]
                    tickets abiertos por vencimiento; --all incluye cerrados
  take TK           primer nivel (o SOC si es de seguridad) toma el ticket
  escalate TK [--note N]      escala al siguiente nivel (1/SOC -> 2 -> 3)
  vendor TK --ref REF [--note N]   registra el caso con el fabricante
  ask TK --note PREGUNTA      pregunta al usuario (queda en espera de su respuesta)
  answer TK [--note N]        respuesta del usuario (también empleados)
  resolve TK --note SOLUCION  marca como resuelto
  confirm TK                  el usuario confirma la solución (cierra resuelto)
  reopen TK [--note N]        el usuario reabre un ticket resuelto
  close TK --not-resolved --containment TEXTO [--note N]
                    cierra como "no resuelto" con las recomendaciones de contención
  close TK          cierra un ticket resuelto (igual que confirm)
  comment TK --note N         agrega un comentario

  --version, --help
)";

const std::set<std::string> kFlags{"json", "not-resolved", "breached", "all", "help", "version"};
const std::set<std::string> kValued{"server",      "token",       "data-dir", "note",     "ref",
                                    "vendor-ref",  "containment", "type",     "category", "summary",
                                    "description", "impact",      "urgency",  "status",   "lang",
                                    "employee",    "name",        "email",    "phone",    "location"};

struct Args {
  std::vector<std::string> words;
  std::map<std::string, std::string> values;
  std::set<std::string> flags;
  std::string get(const std::string& name, const char* env = nullptr) const {
    if (auto it = values.find(name); it != values.end()) return it->second;
    if (env)
      if (auto v = tk::platform::environment_variable(env); !v.empty()) return v;
    return {};
  }
  bool has(const std::string& flag) const { return flags.count(flag) > 0; }
};

struct UsageError {
  std::string message;
};

Args parse(const std::vector<std::string>& argv) {
  Args args;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0 || a.size() == 2) {
      args.words.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool inline_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    if (kFlags.count(name)) {
      if (inline_value) throw UsageError{"--" + name + " no lleva valor"};
      args.flags.insert(name);
    } else if (kValued.count(name)) {
      if (!inline_value) {
        if (i + 1 >= argv.size()) throw UsageError{"falta el valor de --" + name};
        value = argv[++i];
      }
      args.values[name] = value;
    } else {
      throw UsageError{"opción desconocida --" + name};
    }
  }
  return args;
}

std::string local_time(std::int64_t seconds) { return tk::ui::local_time(seconds); }

std::string label(const tk::Ticket& t) { return tk::status_label(t.status, t.visible_level(), t.resolution); }

void print_ticket(const tk::Ticket& t) {
  std::cout << t.tk << "  " << label(t) << "\n"
            << "  Tipo: " << tk::to_string(t.type) << "   Categoría: " << t.category << "   Prioridad: " << t.priority
            << "\n"
            << "  Resumen: " << t.summary << "\n"
            << "  Reporta: " << t.reporter.employee << (t.reporter.name.empty() ? "" : " " + t.reporter.name) << "\n"
            << "  Registrado: " << local_time(t.created_at) << "   Vence: " << local_time(t.sla_due_at)
            << (tk::is_breached(t, tk::now_seconds()) ? "  (VENCIDO)" : "") << "\n";
  if (!t.vendor_ref.empty()) std::cout << "  Caso con el fabricante: " << t.vendor_ref << "\n";
  if (!t.resolution_notes.empty()) std::cout << "  Solución: " << t.resolution_notes << "\n";
  if (!t.containment.empty()) std::cout << "  Contención: " << t.containment << "\n";
  std::cout << "  Historial:\n";
  for (const auto& e : t.history) {
    std::cout << "    " << local_time(e.at) << "  " << e.by << "  " << tk::to_string(e.action) << ": "
              << (e.from_known ? std::string(tk::to_string(e.from_status)) + " -> " : std::string{})
              << tk::to_string(e.to_status);
    if (e.to_level != tk::Level::None) std::cout << " (" << tk::to_string(e.to_level) << ")";
    if (!e.note.empty()) std::cout << "  «" << e.note << "»";
    std::cout << "\n";
  }
}

int report_error(const tk::Error& e, bool json) {
  if (json) {
    std::cout << tk::error_to_json(e).dump() << "\n";
  } else {
    std::cerr << "tkctl: " << e.message;
    if (!e.field.empty()) std::cerr << " (campo: " << e.field << ")";
    std::cerr << "\n";
  }
  return tk::reached_server(e) ? 1 : 3;
}

int parse_scale(const Args& args, const char* name, int fallback) {
  std::string v = args.get(name);
  if (v.empty()) return fallback;
  if (v != "1" && v != "2" && v != "3") throw UsageError{std::string("--") + name + " va de 1 (alto) a 3 (bajo)"};
  return std::stoi(v);
}

class Tkctl {
 public:
  explicit Tkctl(const Args& args)
      : args_(args), json_(args.has("json")), session_(session_options(args)), api_(session_.api()) {}

  int run() {
    const std::string& command = args_.words[0];
    if (command == "report") return report();
    if (command == "sync") return sync();
    if (command == "status") return status(one_tk());
    if (command == "mine") return mine();
    if (command == "queue") return queue();
    if (command == "show") return show(one_tk());
    static const std::map<std::string, tk::Action> moves{
        {"take", tk::Action::Take},       {"escalate", tk::Action::Escalate}, {"vendor", tk::Action::Vendor},
        {"ask", tk::Action::AskUser},     {"answer", tk::Action::Answer},     {"resolve", tk::Action::Resolve},
        {"confirm", tk::Action::Confirm}, {"reopen", tk::Action::Reopen},     {"comment", tk::Action::Comment},
        {"close", tk::Action::Confirm}};
    auto it = moves.find(command);
    if (it == moves.end()) throw UsageError{"comando desconocido: " + command};
    tk::EventRequest event;
    event.action = it->second;
    if (command == "close" && args_.has("not-resolved")) event.action = tk::Action::CloseNotResolved;
    event.note = args_.get("note");
    event.vendor_ref = args_.get("ref").empty() ? args_.get("vendor-ref") : args_.get("ref");
    event.containment = args_.get("containment");
    return move(one_tk(), event);
  }

 private:
  static tk::SessionOptions session_options(const Args& args) {
    tk::SessionOptions options;
    // The machine's policy names the server when neither the command line nor TK_SERVER does.
    options.server_url = tk::choose_server(args.get("server", "TK_SERVER"), "", tk::machine_policy());
    options.token = args.get("token", "TK_TOKEN");
    options.data_dir = args.get("data-dir", "TK_DATA_DIR");
    options.accept_language = tk::ui::accept_language(tk::ui::parse_language(args.get("lang")));
    options.timeout = std::chrono::milliseconds(10000);
    return options;
  }

  std::string one_tk() const {
    if (args_.words.size() != 2) throw UsageError{args_.words[0] + " necesita un TK, p. ej. TK-2026-000123"};
    return args_.words[1];
  }

  // The cache of this server and token; opened on first use only (desk commands need none).
  tk::ClientStore& store() {
    bool first = !opened_;
    opened_ = true;
    auto& store = session_.store();
    if (const auto& opened = session_.open_report(); first && opened.recovered)
      std::cerr << "tkctl: la caché local estaba dañada; se apartó como " << opened.set_aside_as << " y se "
                << "recuperaron " << opened.outbox_rows_recovered << " reportes sin enviar.\n";
    return store;
  }

  tk::SyncEngine& engine() {
    store();
    return session_.engine();
  }

  int report() {
    if (args_.words.size() != 1) throw UsageError{"report no lleva argumentos sueltos"};
    tk::NewTicket t;
    auto type = tk::parse_ticket_type(args_.get("type"));
    if (!type) throw UsageError{"--type debe ser incident, service_request o security_incident"};
    t.type = *type;
    t.category = args_.get("category");
    t.summary = tk::trim(args_.get("summary"));
    t.description = tk::trim(args_.get("description"));
    auto defaults = tk::default_impact_urgency(t.type);
    t.impact = parse_scale(args_, "impact", defaults.impact);
    t.urgency = parse_scale(args_, "urgency", defaults.urgency);
    t.reporter.employee = args_.get("employee");
    t.reporter.name = args_.get("name");
    t.reporter.email = args_.get("email");
    t.reporter.phone = args_.get("phone");
    t.reporter.location = args_.get("location");
    t.device = tk::platform::machine_info();
    // Checked before it is queued, offline too, against the catalog last fetched (or the
    // built-in one): a report that cannot be accepted is refused here, not later.
    auto catalog = store().catalog();
    if (!catalog && engine().refresh_catalog()) catalog = store().catalog();
    tk::NewTicket as_checked = t;
    if (as_checked.reporter.employee.empty()) as_checked.reporter.employee = "0";  // the server fills it in
    if (auto valid = tk::validate_new_ticket(as_checked, catalog ? *catalog : tk::default_catalog()); !valid)
      return report_error(valid.error(), json_);

    auto filed = tk::file_report(engine(), store(), t);
    switch (filed.outcome) {
      case tk::FiledReport::Outcome::Sent:
        if (json_ && filed.ticket)
          std::cout << tk::to_json(*filed.ticket, tk::now_seconds()).dump() << "\n";
        else
          std::cout << filed.tk << "\n";
        return 0;
      case tk::FiledReport::Outcome::Refused:
        std::cerr << "tkctl: el servidor rechazó el reporte " << filed.local_id
                  << "; queda guardado para corregirlo.\n";
        return report_error(filed.refusal, json_);
      case tk::FiledReport::Outcome::Queued: break;
    }
    if (json_)
      std::cout << tk::Json{{"queued", filed.local_id}}.dump() << "\n";
    else
      std::cout << "queued " << filed.local_id << "\n";
    if (filed.send_failure && !json_)
      std::cerr << "Guardado; se enviará al recuperar la conexión (" << filed.send_failure->message << ")\n";
    return 0;
  }

  int sync() {
    if (args_.words.size() != 1) throw UsageError{"sync no lleva argumentos"};
    auto result = engine().sync_now();
    if (json_) {
      tk::Json j{{"sent", result.sent},
                 {"refused", result.refused},
                 {"pulled", result.pulled},
                 {"pending", result.pending_left},
                 {"refused_waiting", result.refused_left},
                 {"other_identity_waiting", result.other_identity_left},
                 {"online", result.reached_server}};
      if (result.failure) j["error"] = tk::error_to_json(*result.failure)["error"];
      std::cout << j.dump() << "\n";
    } else {
      std::cout << "Enviados: " << result.sent << ", en cola: " << result.pending_left
                << ", rechazados por corregir: " << result.refused_left << ", tickets actualizados: " << result.pulled
                << "\n";
      if (result.other_identity_left)
        std::cout << "Guardados con otro servidor o token (solo se envían con ellos): " << result.other_identity_left
                  << "\n";
      if (result.failure) std::cerr << "tkctl: " << result.failure->message << "\n";
    }
    // The contract: 0 when everything was sent (of this server and token's: reports saved
    // under others wait for them). A failed pull after that is reported above.
    if (result.everything_sent()) return 0;
    if (result.failure && !result.reached_server) return 3;
    return 1;
  }

  int status(const std::string& id) {
    std::string tk_number = id;
    if (id.rfind("L-", 0) == 0) {
      if (auto entry = store().outbox_entry(id)) {
        if (json_) {
          tk::Json j = tk::to_json(entry->report);
          j["local_id"] = entry->local_id;
          j["state"] = entry->state == tk::OutboxState::Pending ? "queued" : "refused";
          if (entry->state == tk::OutboxState::Refused) j["error"] = tk::error_to_json(entry->refusal)["error"];
          std::cout << j.dump() << "\n";
        } else {
          std::cout << entry->local_id << "  "
                    << (entry->state == tk::OutboxState::Pending ? "En cola: se enviará al recuperar la conexión"
                                                                 : "Rechazado: " + entry->refusal.message)
                    << "\n  Resumen: " << entry->report.summary << "\n  Guardado: " << local_time(entry->created_at)
                    << "\n";
        }
        return 0;
      }
      auto sent = store().tk_for_local_id(id);
      if (!sent)
        return report_error(
            tk::make_error(tk::ErrorKind::NotFound, "unknown_local_id", "No hay un reporte " + id + " en esta caché."),
            json_);
      tk_number = *sent;
    }
    auto cached = store().ticket(tk_number);
    if (!cached)
      return report_error(tk::make_error(tk::ErrorKind::NotFound, "not_cached",
                                         tk_number + " no está en la caché local; ejecute tkctl sync."),
                          json_);
    if (json_) {
      tk::Json j = tk::to_json(cached->ticket, tk::now_seconds());
      j["confirmed_at"] = tk::format_rfc3339(cached->confirmed_at);
      std::cout << j.dump() << "\n";
    } else {
      print_ticket(cached->ticket);
      std::cout << "  Confirmado por el servidor: " << local_time(cached->confirmed_at) << "\n";
    }
    return 0;
  }

  int mine() {
    if (args_.words.size() != 1) throw UsageError{"mine no lleva argumentos"};
    auto outbox = store().outbox();
    auto tickets = store().tickets();
    std::int64_t confirmed = store().last_confirmed_at();
    const std::string identity = store().identity();
    auto other_identity = [&](const tk::OutboxEntry& e) { return e.filed_under_other_identity(identity); };
    if (json_) {
      tk::Json queued = tk::Json::array(), list = tk::Json::array();
      for (const auto& e : outbox)
        queued.push_back(tk::Json{{"local_id", e.local_id},
                                  {"summary", e.report.summary},
                                  {"state", e.state == tk::OutboxState::Pending ? "queued" : "refused"},
                                  {"other_identity", other_identity(e)},
                                  {"created_at", tk::format_rfc3339(e.created_at)}});
      for (const auto& t : tickets)
        list.push_back(tk::Json{{"tk", t.tk},
                                {"summary", t.summary},
                                {"status", tk::to_string(t.status)},
                                {"level", t.level == tk::Level::None ? tk::Json() : tk::Json(tk::to_string(t.level))},
                                {"status_label", tk::status_label(t.status, t.level, t.resolution)},
                                {"updated_at", tk::format_rfc3339(t.updated_at)},
                                {"confirmed_at", tk::format_rfc3339(t.confirmed_at)}});
      std::cout << tk::Json{{"outbox", queued},
                            {"tickets", list},
                            {"last_confirmed_at", confirmed ? tk::Json(tk::format_rfc3339(confirmed)) : tk::Json()}}
                       .dump()
                << "\n";
      return 0;
    }
    std::string out;
    out.reserve(tickets.size() * 120);
    out += "Actualizado: " + (confirmed ? local_time(confirmed) : std::string("nunca (ejecute tkctl sync)")) + "\n";
    for (const auto& e : outbox)
      out += e.local_id + "  " +
             (other_identity(e)                     ? "Guardado con otro servidor o token"
              : e.state == tk::OutboxState::Pending ? "En cola"
                                                    : "Rechazado, por corregir") +
             "  " + tk::utf8_truncate(e.report.summary, 60) + "\n";
    for (const auto& t : tickets)
      out += t.tk + "  " + tk::status_label(t.status, t.level, t.resolution) + "  " + local_time(t.updated_at) + "  " +
             tk::utf8_truncate(t.summary, 60) + "\n";
    if (outbox.empty() && tickets.empty()) out += "No tiene tickets.\n";
    std::cout << out;
    return 0;
  }

  int show(const std::string& tk) {
    auto ticket = api_.get(tk);
    if (!ticket) return report_error(ticket.error(), json_);
    if (json_)
      std::cout << tk::to_json(*ticket, tk::now_seconds()).dump() << "\n";
    else
      print_ticket(*ticket);
    return 0;
  }

  int move(const std::string& tk, const tk::EventRequest& event) {
    auto ticket = api_.post_event(tk, event);
    if (!ticket) return report_error(ticket.error(), json_);
    if (json_)
      std::cout << tk::to_json(*ticket, tk::now_seconds()).dump() << "\n";
    else
      std::cout << ticket->tk << ": " << label(*ticket) << "\n";
    return 0;
  }

  int queue() {
    tk::ListQuery query;
    query.status = args_.get("status");
    query.breached_only = args_.has("breached");
    std::vector<tk::Ticket> tickets;
    for (;;) {
      auto page = api_.list(query);
      if (!page) return report_error(page.error(), json_);
      for (auto& t : page->tickets)
        if (args_.has("all") || !t.is_closed()) tickets.push_back(std::move(t));
      if (!page->more) break;
      query.since = page->cursor;
    }
    std::stable_sort(tickets.begin(), tickets.end(),
                     [](const tk::Ticket& a, const tk::Ticket& b) { return a.sla_due_at < b.sla_due_at; });
    std::int64_t now = tk::now_seconds();
    if (json_) {
      tk::Json list = tk::Json::array();
      for (const auto& t : tickets) list.push_back(tk::to_json(t, now, false));
      std::cout << tk::Json{{"tickets", list}}.dump() << "\n";
      return 0;
    }
    if (tickets.empty()) {
      std::cout << "No hay tickets en la cola.\n";
      return 0;
    }
    for (const auto& t : tickets)
      std::cout << t.tk << "  P" << t.priority << "  " << local_time(t.sla_due_at)
                << (tk::is_breached(t, now) ? " VENCIDO" : "        ") << "  " << label(t) << "  "
                << tk::utf8_truncate(t.summary, 60) << "\n";
    return 0;
  }

  const Args& args_;
  bool json_;
  tk::ClientSession session_;
  tk::ApiClient& api_;
  bool opened_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  try {
    tk::platform::use_utf8_console();
    Args args = parse(tk::platform::utf8_arguments(argc, argv));
    // Warnings (a cache set aside, a refused report) go to standard error; the rest of
    // the log is for long-running programs.
    tk::log::setup({"tkctl", "", tk::log::Severity::Warning, true});
    if (args.has("version")) {
      std::cout << "tkctl " << TK_VERSION << "\n";
      return 0;
    }
    if (args.has("help") || args.words.empty()) {
      (args.words.empty() && !args.has("help") ? std::cerr : std::cout) << kUsage;
      return args.has("help") ? 0 : 2;
    }
    return Tkctl(args).run();
  } catch (const UsageError& e) {
    std::cerr << "tkctl: " << e.message << "\n(tkctl --help muestra el uso)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "tkctl: " << e.what() << "\n";
    return 1;
  }
}
