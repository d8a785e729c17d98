// tkctl: the command-line client for users, desk staff and scripts (docs/design.md section 4).
// Exit codes: 0 done; 1 the server refused (the message says why); 2 wrong usage;
// 3 the server could not be reached. It speaks Spanish or English: --lang, else the
// system's language (tk/language.h); the server is asked for its errors in the same one.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tk/api_client.h"
#include "tk/client_session.h"
#include "tk/client_store.h"
#include "tk/file_path.h"
#include "tk/http.h"
#include "tk/platform.h"
#include "tk/sync_engine.h"
#include "tk/catalog.h"
#include "tk/json_mapping.h"
#include "tk/language.h"
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

// The language of everything tkctl says; set once, first thing in main.
tk::Language g_language = tk::Language::Spanish;

// What to say, in the user's language.
std::string say(std::string spanish, std::string english) {
  return g_language == tk::Language::English ? std::move(english) : std::move(spanish);
}

const char* kUsageSpanish =
    R"(Uso: tkctl [--server URL] [--token T] [--data-dir DIR] [--lang es|en] [--json] COMANDO ...

Opciones globales (también TK_SERVER, TK_TOKEN, TK_DATA_DIR):
  --server URL      servidor (por omisión el de la política del equipo, o
                    http://127.0.0.1:8080)
  --token T         token de acceso (mejor en TK_TOKEN o --token-file: en la línea de
                    órdenes lo ven los demás usuarios del equipo)
  --token-file F    lee el token de la primera línea del archivo F
  --lang es|en      idioma de tkctl y de los errores del servidor (por omisión el del
                    sistema)
  --json            salida legible por máquinas
  -h, --help        esta ayuda; tkctl COMANDO --help, la de un comando
  -V, --version     la versión

Usuarios (funcionan sin conexión; la caché está en --data-dir):
  enrol [CÓDIGO|-]  cambia el código de inscripción de un solo uso que dio la mesa por
                    un token propio: lo escribe en --token-file (solo legible por usted)
                    o lo imprime; sin CÓDIGO (o con -) lo lee de la entrada, lo mejor:
                    en la línea de órdenes otros usuarios del equipo lo ven con ps
  enrol --user CUENTA  lo mismo con su cuenta institucional (LDAP / Active Directory),
                    si el servidor la admite; pide la contraseña sin mostrarla
  report --type T --category C --summary S --description D [--impact N] [--urgency N]
         [--name N --email E --phone T --location L]
                    guarda el reporte y lo envía: imprime su TK, o "queued <id-local>"
                    si no hay conexión (se enviará con el siguiente sync)
  sync              envía los reportes en cola y trae los cambios; sale con 0 si todo
                    se envió
  status TK|ID      estado de un ticket (o de un reporte o acción en cola) según la
                    caché, con la hora en que el servidor lo confirmó
  mine              mis tickets, mis reportes y acciones en cola, según la caché
  show TK           un ticket con su historial, consultado al servidor
  correct L-ID [--type T --category C --summary S --description D --impact N --urgency N]
                    corrige un reporte que el servidor rechazó y lo vuelve a enviar
  discard L-ID|A-ID descarta un reporte o una acción rechazados

Mesa de servicios (token de agente):
  register --for EMPLEADO [--channel phone|email|in_person] --type T --category C
         --summary S --description D [--impact N] [--urgency N]
         [--name N --email E --phone T --location L]
                    registra la llamada, correo o visita de un empleado (por omisión
                    phone); imprime el TK
  queue [--mine | --my-group | --unassigned | --group G | --assignee LOGIN]
        [--type T] [--level 1|soc|2|3] [--status S] [--breached] [--text TEXTO] [--all]
                    tickets abiertos por vencimiento: --mine, los asignados a mí y a mi
                    grupo; --all incluye cerrados
  classify TK [--type T] [--category C] [--impact N] [--urgency N] --note MOTIVO
                    corrige la clasificación; la prioridad y el vencimiento se recalculan
  assign TK [--group G] [--to LOGIN]
                    asigna a un grupo del mismo nivel o a un agente
  take TK           lo toma quien ejecuta (primer nivel o SOC si es nuevo)
  escalate TK [--note N]      escala al siguiente nivel (1/SOC -> 2 -> 3)
  vendor TK --ref REF [--note N]   registra el caso con el fabricante
  ask TK --note PREGUNTA      pregunta al usuario (queda en espera de su respuesta)
  answer TK [--note N]        respuesta del usuario (también empleados)
  resolve TK --note SOLUCION  marca como resuelto
  confirm TK [--rating 1-5] [--comment C]
                    el usuario confirma la solución (cierra resuelto) y la califica
  rate TK --rating 1-5 [--comment C]
                    califica un ticket cerrado (hasta 14 días después)
  reopen TK [--note N]        el usuario reabre un ticket resuelto
  close TK --not-resolved --containment TEXTO [--note N]
                    cierra como "no resuelto" con las recomendaciones de contención
  close TK          cierra un ticket resuelto (igual que confirm)
  comment TK --note N         agrega un comentario
                    answer, comment, confirm, rate y reopen funcionan sin conexión:
                    se guardan ("queued A-...") y se envían una vez con el siguiente sync

Base de conocimiento:
  kb search TEXTO   los artículos publicados que responden a TEXTO, los mejores primero,
                    de la copia local (también sin conexión)
  kb show ID        un artículo: síntomas y pasos
  kb add --title T --symptoms S --steps P [--category C] [--keywords K] [--publish]
         [--from-ticket TK]
                    (mesa) escribe un artículo, en borrador salvo --publish; con
                    --from-ticket, lo que falte sale del ticket y su solución; si
                    aún falta texto, abre $EDITOR
  kb edit ID [--title T] [--symptoms S] [--steps P] [--category C] [--keywords K]
         [--publish | --draft]
                    (mesa) cambia lo dado; --draft lo retira del público
  kb publish ID     (mesa) lo publica
  kb link ID TK [--note N]
                    (mesa) vincula el artículo al ticket (queda en su historial; kb show
                    lista los tickets de un artículo); kb add --from-ticket ya vincula
                    el ticket de origen

Calidad (token de agente o de administración):
  stats [--from AAAA-MM-DD] [--to AAAA-MM-DD] [--csv]
                    informe de calidad del periodo (por omisión, el mes en curso):
                    volumen, etapas en tiempo, resolución, satisfacción, reaperturas,
                    primer contacto, pendientes y objetivos; --csv, una cifra por línea

)";

const char* kUsageEnglish =
    R"(Usage: tkctl [--server URL] [--token T] [--data-dir DIR] [--lang es|en] [--json] COMMAND ...

Global options (also TK_SERVER, TK_TOKEN, TK_DATA_DIR):
  --server URL      server (by default the machine policy's, or http://127.0.0.1:8080)
  --token T         access token (better in TK_TOKEN or --token-file: on the command line
                    other users of the computer can see it)
  --token-file F    reads the token from the first line of the file F
  --lang es|en      language of tkctl and of the server's errors (by default the system's)
  --json            machine-readable output
  -h, --help        this help; tkctl COMMAND --help, one command's
  -V, --version     the version

Users (these work offline; the cache is in --data-dir):
  enrol [CODE|-]    trades the one-time enrolment code the desk gave for a token of your
                    own: writes it to --token-file (readable by you alone) or prints it;
                    without CODE (or with -) reads it from standard input, which is best:
                    on the command line other users of the computer see it with ps
  enrol --user ACCOUNT  the same with your directory account (LDAP / Active Directory),
                    where the server takes it; asks for the password without showing it
  report --type T --category C --summary S --description D [--impact N] [--urgency N]
         [--name N --email E --phone T --location L]
                    saves the report and sends it: prints its TK, or "queued <local-id>"
                    when there is no connection (it goes with the next sync)
  sync              sends the queued reports and fetches changes; exits 0 when everything
                    was sent
  status TK|ID      a ticket's (or a queued report's or action's) status from the cache,
                    with the time the server confirmed it
  mine              my tickets, my queued reports and actions, from the cache
  show TK           a ticket and its history, asked of the server
  correct L-ID [--type T --category C --summary S --description D --impact N --urgency N]
                    corrects a report the server refused and sends it again
  discard L-ID|A-ID drops a refused report or action

Service desk (an agent's token):
  register --for EMPLOYEE [--channel phone|email|in_person] --type T --category C
         --summary S --description D [--impact N] [--urgency N]
         [--name N --email E --phone T --location L]
                    registers an employee's call, e-mail or visit (phone by default);
                    prints the TK
  queue [--mine | --my-group | --unassigned | --group G | --assignee LOGIN]
        [--type T] [--level 1|soc|2|3] [--status S] [--breached] [--text TEXT] [--all]
                    open tickets by due time: --mine, those assigned to me and to my
                    group; --all includes closed ones
  classify TK [--type T] [--category C] [--impact N] [--urgency N] --note REASON
                    corrects the classification; priority and due time are recomputed
  assign TK [--group G] [--to LOGIN]
                    assigns it to a group of the same level or to an agent
  take TK           the caller takes it (first level or the SOC when it is new)
  escalate TK [--note N]      escalates to the next level (1/SOC -> 2 -> 3)
  vendor TK --ref REF [--note N]   records the case opened with the vendor
  ask TK --note QUESTION      asks the user (waits for their answer)
  answer TK [--note N]        the user's answer (employees too)
  resolve TK --note SOLUTION  marks it resolved
  confirm TK [--rating 1-5] [--comment C]
                    the user confirms the solution (closes it resolved) and rates it
  rate TK --rating 1-5 [--comment C]
                    rates a closed ticket (up to 14 days after)
  reopen TK [--note N]        the user reopens a resolved ticket
  close TK --not-resolved --containment TEXT [--note N]
                    closes it "not resolved" with the containment recommendations
  close TK          closes a resolved ticket (same as confirm)
  comment TK --note N         adds a comment
                    answer, comment, confirm, rate and reopen work offline: they are
                    saved ("queued A-...") and sent once with the next sync

Knowledge base:
  kb search TEXT    the published articles that answer TEXT, best first, from the local
                    copy (offline too)
  kb show ID        one article: symptoms and steps
  kb add --title T --symptoms S --steps P [--category C] [--keywords K] [--publish]
         [--from-ticket TK]
                    (desk) writes an article, a draft unless --publish; with
                    --from-ticket, what is missing comes from the ticket and its solution;
                    text still missing opens $EDITOR
  kb edit ID [--title T] [--symptoms S] [--steps P] [--category C] [--keywords K]
         [--publish | --draft]
                    (desk) changes what is given; --draft withdraws it from the public
  kb publish ID     (desk) publishes it
  kb link ID TK [--note N]
                    (desk) links the article to the ticket (it shows in its history;
                    kb show lists an article's tickets); kb add --from-ticket links
                    the ticket it came from already

Quality (an agent's or administrator's token):
  stats [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv]
                    the quality report of the period (by default this month so far):
                    volume, stages in time, resolution, satisfaction, reopenings, first
                    contact, backlog and objectives; --csv, one figure a line

)";

const std::set<std::string> kFlags{"json",       "not-resolved", "breached", "all", "help",    "version",
                                   "unassigned", "my-group",     "mine",     "csv", "publish", "draft"};
const std::set<std::string> kValued{
    "server",   "token",    "token-file", "data-dir",    "note",     "ref",     "vendor-ref", "containment",
    "type",     "category", "summary",    "description", "impact",   "urgency", "status",     "lang",
    "employee", "name",     "email",      "phone",       "location", "for",     "channel",    "group",
    "to",       "assignee", "level",      "text",        "rating",   "comment", "from",       "title",
    "symptoms", "steps",    "keywords",   "from-ticket", "user"};
// What every command takes, and what each takes besides: anything else is a mistake to
// point out (exit 2), not an option to ignore.
const std::set<std::string> kGlobalOptions{"server", "token", "token-file", "data-dir",
                                           "lang",   "json",  "help",       "version"};
const std::map<std::string, std::set<std::string>> kCommandOptions{
    {"report",
     {"type", "category", "summary", "description", "impact", "urgency", "employee", "name", "email", "phone",
      "location"}},
    {"sync", {}},
    {"status", {}},
    {"mine", {}},
    {"show", {}},
    {"correct", {"type", "category", "summary", "description", "impact", "urgency"}},
    {"discard", {}},
    {"register",
     {"for", "channel", "type", "category", "summary", "description", "impact", "urgency", "name", "email", "phone",
      "location"}},
    {"queue",
     {"status", "breached", "all", "mine", "my-group", "unassigned", "group", "assignee", "type", "level", "text"}},
    {"classify", {"type", "category", "impact", "urgency", "note"}},
    {"assign", {"group", "to"}},
    {"take", {"note"}},
    {"escalate", {"note"}},
    {"vendor", {"ref", "vendor-ref", "note"}},
    {"ask", {"note"}},
    {"answer", {"note"}},
    {"resolve", {"note"}},
    {"confirm", {"note", "rating", "comment"}},
    {"rate", {"rating", "comment"}},
    {"reopen", {"note"}},
    {"close", {"not-resolved", "containment", "note"}},
    {"comment", {"note"}},
    {"stats", {"from", "to", "csv"}},
    {"enrol", {"user"}},
    {"kb", {"title", "symptoms", "steps", "category", "keywords", "publish", "draft", "from-ticket", "note"}},
};

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
    if (a == "-h" || a == "-V") {
      args.flags.insert(a == "-h" ? "help" : "version");
      continue;
    }
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
      if (inline_value) throw UsageError{say("--" + name + " no lleva valor", "--" + name + " takes no value")};
      args.flags.insert(name);
    } else if (kValued.count(name)) {
      if (!inline_value) {
        if (i + 1 >= argv.size()) throw UsageError{say("falta el valor de --" + name, "--" + name + " needs a value")};
        value = argv[++i];
      }
      args.values[name] = value;
    } else {
      throw UsageError{say("opción desconocida --" + name, "unknown option --" + name)};
    }
  }
  return args;
}

UsageError unknown_command(const std::string& command) {
  return UsageError{say("comando desconocido: " + command, "unknown command: " + command)};
}

// Refuses an unknown command and the options its command does not take.
void check_command(const Args& args) {
  const std::string& command = args.words.front();
  auto allowed = kCommandOptions.find(command);
  if (allowed == kCommandOptions.end()) throw unknown_command(command);
  auto check = [&](const std::string& option) {
    if (!kGlobalOptions.count(option) && !allowed->second.count(option))
      throw UsageError{say(command + " no lleva --" + option, command + " takes no --" + option)};
  };
  for (const auto& [option, value] : args.values) check(option);
  for (const auto& option : args.flags) check(option);
}

// The lines of the usage text about one command: "tkctl report --help".
std::string command_help(const std::string& command) {
  std::string usage = g_language == tk::Language::English ? kUsageEnglish : kUsageSpanish;
  std::string out = usage.substr(0, usage.find('\n') + 1), line;
  bool inside = false;
  for (std::size_t at = 0; at < usage.size();) {
    auto end = usage.find('\n', at);
    line = usage.substr(at, end == std::string::npos ? std::string::npos : end - at);
    at = end == std::string::npos ? usage.size() : end + 1;
    bool starts_command = line.rfind("  " + command + " ", 0) == 0 || line == "  " + command;
    bool starts_other = line.size() > 2 && line[0] == ' ' && line[1] == ' ' && line[2] != ' ';
    if (starts_command)
      inside = true;
    else if (starts_other || line.empty())
      inside = false;
    if (inside) out += line + "\n";
  }
  return out;
}

std::string local_time(std::int64_t seconds) { return tk::ui::local_time(seconds); }

std::string label(const tk::Ticket& t) {
  return tk::ui::status_text(t.status, t.visible_level(), t.resolution, g_language);
}

std::string group_text(const tk::Catalog& catalog, const std::string& id) {
  if (id.empty()) return "—";
  const tk::DeskGroup* group = catalog.group(id);
  return group && group->name != id ? group->name + " (" + id + ")" : id;
}

std::string minutes_text(std::int64_t seconds) {
  std::int64_t minutes = (seconds + 59) / 60;
  if (minutes < 60) return std::to_string(minutes) + " min";
  return std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
}

// A field change as people read it: the category's name, "Alto"-style scales stay numbers.
std::string change_text(const tk::Catalog& catalog, const tk::FieldChange& c) {
  static const std::map<std::string, std::pair<const char*, const char*>> names{
      {"type", {"Tipo", "Type"}},
      {"category", {"Categoría", "Category"}},
      {"impact", {"Impacto", "Impact"}},
      {"urgency", {"Urgencia", "Urgency"}},
      {"priority", {"Prioridad", "Priority"}},
      {"group", {"Grupo", "Group"}},
      {"assignee", {"Asignado a", "Assigned to"}},
      {"level", {"Nivel", "Level"}},
      {"rating", {"Calificación", "Rating"}}};
  auto value = [&](const std::string& v) -> std::string {
    if (v.empty()) return "—";
    if (c.field == "type")
      if (auto type = tk::parse_ticket_type(v)) return tk::type_label(*type, g_language);
    if (c.field == "category") return tk::ui::category_text(catalog, v, g_language);
    if (c.field == "group") return group_text(catalog, v);
    if (c.field == "level")
      if (auto level = tk::parse_level(v)) return tk::level_label(*level, g_language);
    return v;
  };
  auto name = names.find(c.field);
  std::string label = name == names.end() ? c.field : say(name->second.first, name->second.second);
  return label + ": " + value(c.from) + " → " + value(c.to);
}

void print_ticket(const tk::Ticket& t, const tk::Catalog& catalog) {
  std::int64_t now = tk::now_seconds();
  std::cout << t.tk << "  " << label(t) << "\n"
            << say("  Tipo: ", "  Type: ") << tk::type_label(t.type, g_language) << "\n"
            << say("  Categoría: ", "  Category: ") << tk::ui::category_text(catalog, t.category, g_language) << "\n"
            << say("  Prioridad: ", "  Priority: ") << "P" << t.priority << say(" (impacto: ", " (impact: ")
            << tk::ui::impact_text(t.impact, g_language) << say("; urgencia: ", "; urgency: ")
            << tk::ui::urgency_text(t.urgency, g_language) << ")\n"
            << say("  Resumen: ", "  Summary: ") << t.summary << "\n"
            << say("  Reporta: ", "  Reported by: ") << t.reporter.employee
            << (t.reporter.name.empty() ? "" : " " + t.reporter.name)
            << (t.reporter.phone.empty() ? "" : say(", tel. ", ", phone ") + t.reporter.phone) << "\n"
            << say("  Canal: ", "  Channel: ") << tk::channel_label(t.channel, g_language) << "\n"
            << say("  Grupo: ", "  Group: ") << group_text(catalog, t.group)
            << say("   Asignado a: ", "   Assigned to: ") << (t.assignee.empty() ? say("nadie", "nobody") : t.assignee)
            << "\n"
            << say("  Registrado: ", "  Registered: ") << local_time(t.created_at) << say("   Vence: ", "   Due: ")
            << local_time(t.sla_due_at) << (tk::is_breached(t, now) ? say("  (VENCIDO)", "  (OVERDUE)") : "") << "\n";
  if (!t.vendor_ref.empty())
    std::cout << say("  Caso con el fabricante: ", "  Vendor's case: ") << t.vendor_ref << "\n";
  if (!t.resolution_notes.empty()) std::cout << say("  Solución: ", "  Solution: ") << t.resolution_notes << "\n";
  if (!t.containment.empty()) std::cout << say("  Contención: ", "  Containment: ") << t.containment << "\n";
  if (t.satisfaction.rating)
    std::cout << say("  Satisfacción: ", "  Satisfaction: ") << t.satisfaction.rating << "/5"
              << (t.satisfaction.comment.empty() ? "" : "  «" + t.satisfaction.comment + "»") << "\n";
  if (!t.stages.empty()) {
    std::cout << say("  Etapas:\n", "  Stages:\n");
    for (const auto& stage : t.stages) {
      std::string outcome = tk::is_breached(stage, now) ? say("VENCIDA", "BREACHED")
                            : !stage.running()          ? say("cumplida", "met")
                            : stage.paused_since
                                ? say("en pausa (esperando al usuario)", "paused (waiting on the user)")
                                : say("en curso", "running");
      std::cout << "    " << tk::level_label(stage.level, g_language) << ", " << group_text(catalog, stage.group)
                << ": " << local_time(stage.started_at) << " → "
                << (stage.running() ? say("…", "…") : local_time(stage.ended_at)) << say("  meta ", "  target ")
                << local_time(stage.due_at);
      if (stage.paused_seconds > 0) std::cout << say("  pausa ", "  paused ") << minutes_text(stage.paused_seconds);
      std::cout << "  " << outcome << "\n";
    }
  }
  std::cout << say("  Historial:\n", "  History:\n");
  for (const auto& e : t.history) {
    std::cout << "    " << local_time(e.at) << "  " << e.by << "  " << tk::action_label(e.action, g_language);
    // The state only where it changed: a comment, a classification or an assignment keeps it.
    bool moved = e.from_known && (e.from_status != e.to_status || e.from_level != e.to_level);
    if (moved)
      std::cout << ": " << tk::ui::status_text(e.from_status, e.from_level, tk::Resolution::None, g_language) << " → "
                << tk::ui::status_text(e.to_status, e.to_level, t.resolution, g_language);
    for (const auto& c : e.changes) std::cout << "; " << change_text(catalog, c);
    if (!e.note.empty()) std::cout << "  «" << e.note << "»";
    std::cout << "\n";
  }
}

int report_error(const tk::Error& e, bool json) {
  if (json) {
    std::cout << tk::error_to_json(e, g_language).dump() << "\n";
  } else {
    std::cerr << "tkctl: " << e.message_in(g_language);
    if (!e.field.empty()) std::cerr << say(" (campo: ", " (field: ") << e.field << ")";
    std::cerr << "\n";
  }
  return tk::reached_server(e) ? 1 : 3;
}

int parse_scale(const Args& args, const char* name, int fallback) {
  std::string v = args.get(name);
  if (v.empty()) return fallback;
  if (v != "1" && v != "2" && v != "3")
    throw UsageError{say(std::string("--") + name + " va de 1 (alto) a 3 (bajo)",
                         std::string("--") + name + " goes from 1 (high) to 3 (low)")};
  return std::stoi(v);
}

// A rate as a percentage with one decimal ("80.0 %"), or "—" when nothing was measured.
std::string percent_text(const tk::Json& rate) {
  if (!rate.is_number()) return "—";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %%", rate.get<double>() * 100.0);
  return text;
}

std::string number_text(const tk::Json& value, int decimals) {
  if (!value.is_number()) return "—";
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value.get<double>());
  return text;
}

std::string objective_value(const tk::Json& value, const std::string& unit) {
  if (unit == "rate") return percent_text(value);
  if (unit == "count") return number_text(value, 0);
  if (unit == "hours") return number_text(value, 1) + " h";
  return number_text(value, 2);
}

// Text padded to `width` columns (UTF-8 characters, not bytes: "Satisfacción" is 12 wide).
std::string padded(const std::string& text, std::size_t width) {
  std::size_t columns = 0;
  for (unsigned char c : text) columns += (c & 0xC0) != 0x80;
  return text + std::string(columns < width ? width - columns : 1, ' ');
}

std::string quality_text(const tk::Json& r, const tk::Catalog& catalog) {
  std::string out = say("Informe de calidad del ", "Quality report from ") + r.value("from", "") + say(" al ", " to ") +
                    r.value("to", "") + "\n\n";
  const tk::Json& tickets = r["tickets"];
  out += say("Tickets: ", "Tickets: ") + tickets["opened"].dump() + say(" abiertos, ", " opened, ") +
         tickets["closed"].dump() + say(" cerrados, ", " closed, ") + r["resolved"].dump() +
         say(" resueltos\n", " resolved\n");
  auto breakdown = [&](const char* title_es, const char* title_en, const tk::Json& counts,
                       const std::function<std::string(const std::string&)>& name) {
    if (counts.empty()) return;
    out += say(title_es, title_en);
    bool first = true;
    for (const auto& [id, count] : counts.items()) {
      out += (first ? " " : ", ") + name(id) + " " + count.dump();
      first = false;
    }
    out += "\n";
  };
  breakdown("  Por tipo:", "  By type:", tickets["by_type"], [](const std::string& id) {
    auto type = tk::parse_ticket_type(id);
    return type ? tk::type_label(*type, g_language) : id;
  });
  breakdown("  Por categoría:", "  By category:", tickets["by_category"],
            [&](const std::string& id) { return tk::ui::category_text(catalog, id, g_language); });
  breakdown("  Por canal:", "  By channel:", tickets["by_channel"], [](const std::string& id) {
    auto channel = tk::parse_channel(id);
    return channel ? tk::channel_label(*channel, g_language) : id;
  });
  out += say("\nEtapas en tiempo:\n", "\nStages in time:\n");
  for (const auto& s : r["stages"]) {
    auto level = tk::parse_level(s.value("level", ""));
    out += "  " + padded(level ? tk::level_label(*level, g_language) : s.value("level", ""), 31) +
           padded(s["met"].dump() + say(" de ", " of ") + s["total"].dump(), 12) + percent_text(s["compliance"]) + "\n";
  }
  const tk::Json& hours = r["resolution_hours"];
  out += say("\nResolución: mediana ", "\nResolution: median ") + number_text(hours["median"], 1) + " h, p90 " +
         number_text(hours["p90"], 1) + " h (" + hours["count"].dump() + say(" tickets)\n", " tickets)\n");
  const tk::Json& satisfaction = r["satisfaction"];
  out += say("Satisfacción: ", "Satisfaction: ") + number_text(satisfaction["mean"], 2) + say(" de 5 (", " of 5 (") +
         satisfaction["responses"].dump() + say(" respuestas;", " answers;");
  for (const auto& [rating, count] : satisfaction["distribution"].items()) out += " " + rating + ": " + count.dump();
  out += ")\n";
  out += say("Reabiertos: ", "Reopened: ") + r["reopened"].dump() + " (" + percent_text(r["reopened_rate"]) + ")\n";
  out += say("Resueltos en el primer contacto: ", "Solved at first contact: ") +
         percent_text(r["first_contact_resolution"]) + " (" + r["first_contact_resolved"].dump() + say(" de ", " of ") +
         r["first_level_resolved"].dump() + ")\n";
  if (r.contains("knowledge_base"))
    out += say("Resueltos con la base de conocimiento, sin reporte: ", "Solved by the knowledge base, no report: ") +
           r["knowledge_base"]["deflections"].dump() + "\n";
  out += say("Pendientes al cierre del periodo: ", "Open at the end of the period: ") + r["backlog"]["open"].dump() +
         " (" + r["backlog"]["older_than_7_days"].dump() + say(" con más de 7 días)\n", " older than 7 days)\n");
  if (!r["objectives"].empty()) {
    out += say("\nObjetivos:\n", "\nObjectives:\n");
    for (const auto& o : r["objectives"]) {
      std::string unit = o.value("unit", "");
      std::string verdict = o["met"].is_boolean()
                                ? (o["met"].get<bool>() ? say("cumple", "met") : say("NO CUMPLE", "NOT MET"))
                                : say("sin datos", "no data");
      std::string name = o.value(g_language == tk::Language::English ? "name_en" : "name", o.value("id", ""));
      out += "  " + padded(name, 44) +
             padded(o.value("comparison", "") + " " + objective_value(o["target"], unit), 12) +
             padded(say("real ", "actual ") + objective_value(o["actual"], unit), 16) + verdict + "\n";
    }
  }
  return out;
}

// One figure a line, "metric,value", the metric a path of the report's ids: a spreadsheet
// or a script reads it without knowing JSON, and a new figure adds lines, not columns.
std::string quality_csv(const tk::Json& report) {
  std::string out = "metric,value\n";
  std::function<void(const std::string&, const tk::Json&)> walk = [&](const std::string& path, const tk::Json& v) {
    if (v.is_object()) {
      for (const auto& [key, value] : v.items()) walk(path.empty() ? key : path + "." + key, value);
    } else if (v.is_array()) {
      for (const auto& item : v) {
        std::string key = item.contains("level")  ? item["level"].get<std::string>()
                          : item.contains("id")   ? item["id"].get<std::string>()
                          : item.contains("date") ? item["date"].get<std::string>()
                                                  : std::string{};
        tk::Json rest = item;
        for (const char* name : {"level", "id", "date", "name", "name_en"}) rest.erase(name);
        walk(path + "." + key, rest);
      }
    } else {
      std::string value = v.is_string() ? v.get<std::string>() : v.is_null() ? std::string{} : v.dump();
      if (value.find_first_of(",\"\n") != std::string::npos) {
        std::string quoted = "\"";
        for (char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        value = quoted + "\"";
      }
      out += path + "," + value + "\n";
    }
  };
  walk("", report);
  return out;
}

class Tkctl {
 public:
  explicit Tkctl(const Args& args)
      : args_(args), json_(args.has("json")), session_(session_options(args)), api_(session_.api()) {}

  int run() {
    const std::string& command = args_.words[0];
    if (command == "report") return report(false);
    if (command == "register") return report(true);
    if (command == "classify") return classify(one_tk());
    if (command == "assign") return assign(one_tk());
    if (command == "sync") return sync();
    if (command == "status") return status(one_tk());
    if (command == "mine") return mine();
    if (command == "queue") return queue();
    if (command == "stats") return stats();
    if (command == "enrol") return enrol();
    if (command == "kb") return kb();
    if (command == "show") return show(one_tk());
    if (command == "correct") return correct(one_local_id());
    if (command == "discard") return discard(one_local_id());
    static const std::map<std::string, tk::Action> moves{
        {"take", tk::Action::Take},       {"escalate", tk::Action::Escalate}, {"vendor", tk::Action::Vendor},
        {"ask", tk::Action::AskUser},     {"answer", tk::Action::Answer},     {"resolve", tk::Action::Resolve},
        {"confirm", tk::Action::Confirm}, {"reopen", tk::Action::Reopen},     {"comment", tk::Action::Comment},
        {"close", tk::Action::Confirm},   {"rate", tk::Action::Rate}};
    auto it = moves.find(command);
    if (it == moves.end()) throw unknown_command(command);
    tk::EventRequest event;
    event.action = it->second;
    if (command == "close" && args_.has("not-resolved")) event.action = tk::Action::CloseNotResolved;
    event.note = args_.get("note");
    event.vendor_ref = args_.get("ref").empty() ? args_.get("vendor-ref") : args_.get("ref");
    event.containment = args_.get("containment");
    if (auto rating = args_.get("rating"); !rating.empty()) {
      if (rating.size() != 1 || rating[0] < '1' || rating[0] > '5')
        throw UsageError{say("--rating va de 1 (mal) a 5 (excelente)", "--rating goes from 1 (poor) to 5 (excellent)")};
      event.rating = rating[0] - '0';
    }
    event.comment = args_.get("comment");
    if (event.action == tk::Action::Rate && !event.rating)
      throw UsageError{say("rate necesita --rating de 1 a 5", "rate needs --rating from 1 to 5")};
    if (is_users_action(event.action)) return user_action(one_tk(), event);
    return move(one_tk(), event);
  }

 private:
  // --token, else the first line of --token-file, else TK_TOKEN. (A token on the command
  // line is seen by every user of the machine through ps; the help says so.)
  static std::string token(const Args& args) {
    // enrol makes the token: its --token-file is where to write it, not where to read one.
    if (!args.words.empty() && args.words[0] == "enrol") return {};
    if (auto given = args.get("token"); !given.empty()) return given;
    if (auto file = args.get("token-file"); !file.empty()) {
      std::ifstream in(tk::utf8_path(file));
      std::string line;
      if (!in || !std::getline(in, line))
        throw UsageError{
            say("no se puede leer el archivo de --token-file: " + file, "cannot read the --token-file: " + file)};
      return tk::trim(line);
    }
    return tk::platform::environment_variable("TK_TOKEN");
  }

  static tk::SessionOptions session_options(const Args& args) {
    tk::SessionOptions options;
    // The machine's policy names the server when neither the command line nor TK_SERVER does.
    options.server_url = tk::choose_server(args.get("server", "TK_SERVER"), "", tk::machine_policy());
    // A mistyped address is the user's to fix, not a network to wait for.
    if (auto url = tk::parse_server_url(options.server_url); !url)
      throw UsageError{url.error().message_in(g_language) + " (" + options.server_url + ")"};
    options.token = token(args);
    options.data_dir = args.get("data-dir", "TK_DATA_DIR");
    options.accept_language = tk::accept_language(g_language);
    options.timeout = std::chrono::milliseconds(10000);
    return options;
  }

  std::string one_tk() const {
    if (args_.words.size() != 2)
      throw UsageError{say(args_.words[0] + " necesita un TK, p. ej. TK-2026-000123",
                           args_.words[0] + " needs a TK, e.g. TK-2026-000123")};
    return args_.words[1];
  }

  std::string one_local_id() const {
    bool action = args_.words.size() == 2 && args_.words[0] == "discard" && args_.words[1].rfind("A-", 0) == 0;
    if (action) return args_.words[1];
    if (args_.words.size() != 2 || args_.words[1].rfind("L-", 0) != 0)
      throw UsageError{say(args_.words[0] + " necesita la referencia local de un reporte, p. ej. L-3F9A2C71",
                           args_.words[0] + " needs a report's local reference, e.g. L-3F9A2C71")};
    return args_.words[1];
  }

  // A refused report, from this cache; an error the caller prints when there is none.
  std::optional<tk::OutboxEntry> refused_report(const std::string& id) {
    auto entry = store().outbox_entry(id);
    if (entry && entry->state == tk::OutboxState::Refused) return entry;
    report_error(tk::make_error(tk::ErrorKind::NotFound, "not_refused",
                                {"No hay un reporte rechazado " + id + " en esta caché.",
                                 "There is no refused report " + id + " in this cache."}),
                 json_);
    return std::nullopt;
  }

  // What the server refused, with what the user changes, goes back to the queue under the
  // same key (a resend never makes a second ticket) and is sent at once.
  int correct(const std::string& id) {
    auto entry = refused_report(id);
    if (!entry) return 1;
    tk::NewTicket t = entry->report;
    if (auto type = args_.get("type"); !type.empty()) {
      auto parsed = tk::parse_ticket_type(type);
      if (!parsed)
        throw UsageError{say("--type debe ser incident, service_request o security_incident",
                             "--type must be incident, service_request or security_incident")};
      t.type = *parsed;
    }
    if (auto v = args_.get("category"); !v.empty()) t.category = v;
    if (auto v = args_.get("summary"); !v.empty()) t.summary = tk::trim(v);
    if (auto v = args_.get("description"); !v.empty()) t.description = tk::trim(v);
    t.impact = parse_scale(args_, "impact", t.impact);
    t.urgency = parse_scale(args_, "urgency", t.urgency);
    tk::NewTicket as_checked = t;
    if (as_checked.reporter.employee.empty()) as_checked.reporter.employee = "0";  // the server fills it in
    auto catalog = store().catalog();
    if (auto valid = tk::validate_new_ticket(as_checked, catalog ? *catalog : tk::default_catalog()); !valid)
      return report_error(valid.error(), json_);
    engine().resubmit(id, t);
    auto result = engine().sync_now();
    if (auto sent = store().tk_for_local_id(id)) {
      std::cout << (json_ ? tk::Json{{"local_id", id}, {"tk", *sent}}.dump() : *sent) << "\n";
      return 0;
    }
    if (auto again = store().outbox_entry(id); again && again->state == tk::OutboxState::Refused)
      return report_error(again->refusal, json_);
    std::cout << (json_ ? tk::Json{{"queued", id}}.dump() : "queued " + id) << "\n";
    return result.reached_server ? 1 : 0;
  }

  int discard(const std::string& id) {
    if (id.rfind("A-", 0) == 0) {
      if (!engine().discard_action(id))
        return report_error(tk::make_error(tk::ErrorKind::NotFound, "not_refused",
                                           {"No hay una acción rechazada " + id + " en esta caché.",
                                            "There is no refused action " + id + " in this cache."}),
                            json_);
    } else {
      if (!refused_report(id)) return 1;
      engine().discard(id);
    }
    if (json_)
      std::cout << tk::Json{{"discarded", id}}.dump() << "\n";
    else
      std::cout << say("Descartado ", "Discarded ") << id << "\n";
    return 0;
  }

  // The cache of this server and token; opened on first use only (desk commands need none).
  tk::ClientStore& store() {
    bool first = !opened_;
    opened_ = true;
    auto& store = session_.store();
    if (const auto& opened = session_.open_report(); first && opened.recovered)
      std::cerr << "tkctl: "
                << say("la caché local estaba dañada; se apartó como " + opened.set_aside_as + " y se recuperaron " +
                           std::to_string(opened.outbox_rows_recovered) + " reportes sin enviar.",
                       "the local cache was damaged; it was set aside as " + opened.set_aside_as + " and " +
                           std::to_string(opened.outbox_rows_recovered) + " unsent reports were recovered.")
                << "\n";
    return store;
  }

  tk::SyncEngine& engine() {
    store();
    return session_.engine();
  }

  // `report` files the user's own report; `register` (desk) one for the caller named by --for.
  int report(bool for_caller) {
    const std::string& command = args_.words[0];
    if (args_.words.size() != 1)
      throw UsageError{say(command + " no lleva argumentos sueltos", command + " takes no bare arguments")};
    tk::NewTicket t;
    auto type = tk::parse_ticket_type(args_.get("type"));
    if (!type)
      throw UsageError{say("--type debe ser incident, service_request o security_incident",
                           "--type must be incident, service_request or security_incident")};
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
    if (for_caller) {
      t.reporter.employee = args_.get("for");
      if (!tk::is_digits(t.reporter.employee))
        throw UsageError{say("--for lleva el número de empleado de quien llama (solo dígitos)",
                             "--for takes the caller's employee number (digits only)")};
      auto channel = tk::parse_channel(args_.get("channel").empty() ? "phone" : args_.get("channel"));
      if (!channel ||
          (*channel != tk::Channel::Phone && *channel != tk::Channel::Email && *channel != tk::Channel::InPerson))
        throw UsageError{
            say("--channel debe ser phone, email o in_person", "--channel must be phone, email or in_person")};
      t.channel = *channel;
    } else {
      // The user's own machine, which the desk will want to know; never the agent's.
      t.device = tk::platform::machine_info();
    }
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
        if (filed.local_id.empty()) return report_error(filed.refusal, json_);  // not even saved
        std::cerr << "tkctl: "
                  << say("el servidor rechazó el reporte " + filed.local_id + "; queda guardado para corregirlo.",
                         "the server refused the report " + filed.local_id + "; it stays saved to be corrected.")
                  << "\n";
        return report_error(filed.refusal, json_);
      case tk::FiledReport::Outcome::Queued: break;
    }
    if (json_)
      std::cout << tk::Json{{"queued", filed.local_id}}.dump() << "\n";
    else
      std::cout << "queued " << filed.local_id << "\n";
    if (filed.send_failure && !json_)
      std::cerr << say("Guardado; se enviará al recuperar la conexión (",
                       "Saved; it will be sent when the connection is back (")
                << filed.send_failure->message_in(g_language) << ")\n";
    return 0;
  }

  int sync() {
    if (args_.words.size() != 1) throw UsageError{say("sync no lleva argumentos", "sync takes no arguments")};
    auto result = engine().sync_now();
    if (json_) {
      tk::Json j{{"sent", result.sent},
                 {"refused", result.refused},
                 {"pulled", result.pulled},
                 {"pending", result.pending_left},
                 {"refused_waiting", result.refused_left},
                 {"other_identity_waiting", result.other_identity_left},
                 {"online", result.reached_server}};
      if (result.failure) j["error"] = tk::error_to_json(*result.failure, g_language)["error"];
      std::cout << j.dump() << "\n";
    } else {
      std::cout << say("Enviados: ", "Sent: ") << result.sent << say(", en cola: ", ", queued: ") << result.pending_left
                << say(", rechazados por corregir: ", ", refused, to correct: ") << result.refused_left
                << say(", tickets actualizados: ", ", tickets updated: ") << result.pulled << "\n";
      if (result.other_identity_left)
        std::cout << say("Guardados con otro servidor o token (solo se envían con ellos): ",
                         "Saved under another server or token (sent only with them): ")
                  << result.other_identity_left << "\n";
      if (result.failure) std::cerr << "tkctl: " << result.failure->message_in(g_language) << "\n";
    }
    // The contract: 0 when everything was sent (of this server and token's: reports saved
    // under others wait for them). A failed pull after that is reported above.
    if (result.everything_sent()) return 0;
    if (result.failure && !result.reached_server) return 3;
    return 1;
  }

  int status(const std::string& id) {
    std::string tk_number = id;
    if (id.rfind("A-", 0) == 0) {
      if (auto action = store().action(id)) {
        std::string what = tk::action_label(action->event.action, g_language);
        if (json_) {
          tk::Json j{{"local_id", action->local_id},
                     {"tk", action->tk},
                     {"action", tk::to_string(action->event.action)},
                     {"state", action->state == tk::OutboxState::Pending ? "queued" : "refused"},
                     {"created_at", tk::format_rfc3339(action->created_at)}};
          if (action->state == tk::OutboxState::Refused)
            j["error"] = tk::error_to_json(action->refusal, g_language)["error"];
          std::cout << j.dump() << "\n";
        } else {
          std::cout << action->local_id << "  " << action->tk << "  " << what << "  "
                    << (action->state == tk::OutboxState::Pending
                            ? say("En cola: se enviará al recuperar la conexión",
                                  "Queued: it will be sent when the connection is back")
                            : say("Rechazada: ", "Refused: ") + action->refusal.message_in(g_language))
                    << say("\n  Guardada: ", "\n  Saved: ") << local_time(action->created_at) << "\n";
        }
        return 0;
      }
      auto sent = store().tk_for_local_id(id);
      if (!sent)
        return report_error(tk::make_error(tk::ErrorKind::NotFound, "unknown_local_id",
                                           {"No hay una acción " + id + " en esta caché.",
                                            "There is no action " + id + " in this cache."}),
                            json_);
      tk_number = *sent;
    }
    if (id.rfind("L-", 0) == 0) {
      if (auto entry = store().outbox_entry(id)) {
        if (json_) {
          tk::Json j = tk::to_json(entry->report);
          j["local_id"] = entry->local_id;
          j["state"] = entry->state == tk::OutboxState::Pending ? "queued" : "refused";
          if (entry->state == tk::OutboxState::Refused)
            j["error"] = tk::error_to_json(entry->refusal, g_language)["error"];
          std::cout << j.dump() << "\n";
        } else {
          std::cout << entry->local_id << "  "
                    << (entry->state == tk::OutboxState::Pending
                            ? say("En cola: se enviará al recuperar la conexión",
                                  "Queued: it will be sent when the connection is back")
                            : say("Rechazado: ", "Refused: ") + entry->refusal.message_in(g_language))
                    << say("\n  Resumen: ", "\n  Summary: ") << entry->report.summary
                    << say("\n  Guardado: ", "\n  Saved: ") << local_time(entry->created_at) << "\n";
        }
        return 0;
      }
      auto sent = store().tk_for_local_id(id);
      if (!sent)
        return report_error(tk::make_error(tk::ErrorKind::NotFound, "unknown_local_id",
                                           {"No hay un reporte " + id + " en esta caché.",
                                            "There is no report " + id + " in this cache."}),
                            json_);
      tk_number = *sent;
    }
    auto cached = store().ticket(tk_number);
    if (!cached)
      return report_error(tk::make_error(tk::ErrorKind::NotFound, "not_cached",
                                         {tk_number + " no está en la caché local; ejecute tkctl sync.",
                                          tk_number + " is not in the local cache; run tkctl sync."}),
                          json_);
    if (json_) {
      tk::Json j = tk::to_json(cached->ticket, tk::now_seconds());
      j["confirmed_at"] = tk::format_rfc3339(cached->confirmed_at);
      std::cout << j.dump() << "\n";
    } else {
      print_ticket(cached->ticket, catalog());
      std::cout << say("  Confirmado por el servidor: ", "  Confirmed by the server: ")
                << local_time(cached->confirmed_at) << "\n";
    }
    return 0;
  }

  int mine() {
    if (args_.words.size() != 1) throw UsageError{say("mine no lleva argumentos", "mine takes no arguments")};
    auto outbox = store().outbox();
    auto actions = store().actions();
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
      tk::Json waiting = tk::Json::array();
      for (const auto& a : actions)
        waiting.push_back(tk::Json{{"local_id", a.local_id},
                                   {"tk", a.tk},
                                   {"action", tk::to_string(a.event.action)},
                                   {"state", a.state == tk::OutboxState::Pending ? "queued" : "refused"},
                                   {"other_identity", a.filed_under_other_identity(identity)},
                                   {"created_at", tk::format_rfc3339(a.created_at)}});
      for (const auto& t : tickets)
        list.push_back(tk::Json{{"tk", t.tk},
                                {"summary", t.summary},
                                {"status", tk::to_string(t.status)},
                                {"level", t.level == tk::Level::None ? tk::Json() : tk::Json(tk::to_string(t.level))},
                                {"status_label", tk::status_label(t.status, t.level, t.resolution)},
                                {"updated_at", tk::format_rfc3339(t.updated_at)},
                                {"confirmed_at", tk::format_rfc3339(t.confirmed_at)}});
      std::cout << tk::Json{{"outbox", queued},
                            {"actions", waiting},
                            {"tickets", list},
                            {"last_confirmed_at", confirmed ? tk::Json(tk::format_rfc3339(confirmed)) : tk::Json()}}
                       .dump()
                << "\n";
      return 0;
    }
    std::string out;
    out.reserve(tickets.size() * 120);
    out += say("Actualizado: ", "Updated: ") +
           (confirmed ? local_time(confirmed) : say("nunca (ejecute tkctl sync)", "never (run tkctl sync)")) + "\n";
    for (const auto& e : outbox)
      out += e.local_id + "  " +
             (other_identity(e) ? say("Guardado con otro servidor o token", "Saved under another server or token")
              : e.state == tk::OutboxState::Pending ? say("En cola", "Queued")
                                                    : say("Rechazado, por corregir", "Refused, to correct")) +
             "  " + tk::utf8_truncate(e.report.summary, 60) + "\n";
    for (const auto& a : actions)
      out +=
          a.local_id + "  " +
          (a.filed_under_other_identity(identity)
               ? say("Guardada con otro servidor o token", "Saved under another server or token")
           : a.state == tk::OutboxState::Pending ? say("En cola", "Queued")
                                                 : say("Rechazada: ", "Refused: ") + a.refusal.message_in(g_language)) +
          "  " + tk::action_label(a.event.action, g_language) + "  " + a.tk + "\n";
    for (const auto& t : tickets)
      out += t.tk + "  " + tk::ui::status_text(t.status, t.level, t.resolution, g_language) + "  " +
             local_time(t.updated_at) + "  " + tk::utf8_truncate(t.summary, 60) + "\n";
    if (outbox.empty() && tickets.empty()) out += say("No tiene tickets.\n", "You have no tickets.\n");
    std::cout << out;
    return 0;
  }

  int show(const std::string& tk) {
    auto ticket = api_.get(tk);
    if (!ticket) return report_error(ticket.error(), json_);
    if (json_)
      std::cout << tk::to_json(*ticket, tk::now_seconds()).dump() << "\n";
    else
      print_ticket(*ticket, catalog());
    return 0;
  }

  // The moves a user makes on their own ticket: queued like reports, so that they work
  // offline and reach the server once (docs/design.md section 9). Desk moves need the server.
  static bool is_users_action(tk::Action action) {
    switch (action) {
      case tk::Action::Answer:
      case tk::Action::Comment:
      case tk::Action::Confirm:
      case tk::Action::Rate:
      case tk::Action::Reopen: return true;
      default: return false;
    }
  }

  int user_action(const std::string& tk, const tk::EventRequest& event) {
    auto filed = tk::file_action(engine(), store(), tk, event);
    switch (filed.outcome) {
      case tk::FiledAction::Outcome::Sent:
        if (!filed.ticket) {
          std::cout << tk << "\n";
        } else if (json_) {
          std::cout << tk::to_json(*filed.ticket, tk::now_seconds()).dump() << "\n";
        } else {
          std::cout << filed.ticket->tk << ": " << label(*filed.ticket) << "\n";
        }
        return 0;
      case tk::FiledAction::Outcome::Refused: return report_error(filed.refusal, json_);
      case tk::FiledAction::Outcome::Queued: break;
    }
    if (json_)
      std::cout << tk::Json{{"queued", filed.local_id}}.dump() << "\n";
    else
      std::cout << "queued " << filed.local_id << "\n";
    if (filed.send_failure && !json_)
      std::cerr << say("Guardado; se enviará al recuperar la conexión (",
                       "Saved; it will be sent when the connection is back (")
                << filed.send_failure->message_in(g_language) << ")\n";
    return 0;
  }

  int move(const std::string& tk, const tk::EventRequest& event) {
    // A key per move: if the answer is lost and the move is sent again, it happens once.
    auto ticket = api_.post_event(tk, event, tk::random_uuid());
    if (!ticket) return report_error(ticket.error(), json_);
    if (json_)
      std::cout << tk::to_json(*ticket, tk::now_seconds()).dump() << "\n";
    else
      std::cout << ticket->tk << ": " << label(*ticket) << "\n";
    return 0;
  }

  int queue() {
    if (args_.words.size() != 1) throw UsageError{say("queue no lleva argumentos", "queue takes no arguments")};
    tk::ListQuery query;
    int selectors = args_.has("mine") + args_.has("my-group") + args_.has("unassigned") + !args_.get("group").empty() +
                    !args_.get("assignee").empty();
    if (selectors > 1)
      throw UsageError{say("use solo una de --mine, --my-group, --unassigned, --group y --assignee",
                           "use only one of --mine, --my-group, --unassigned, --group and --assignee")};
    if (args_.has("mine")) query.queue = "me";
    if (args_.has("my-group")) query.group = "mine";
    if (args_.has("unassigned")) query.assignee = "none";
    if (!args_.get("group").empty()) query.group = args_.get("group");
    if (!args_.get("assignee").empty()) query.assignee = args_.get("assignee");
    query.type = args_.get("type");
    query.level = args_.get("level");
    query.status = args_.get("status");
    query.text = args_.get("text");
    query.breached_only = args_.has("breached");
    query.open_only = !args_.has("all");
    std::vector<tk::Ticket> tickets;
    for (;;) {
      auto page = api_.list(query);
      if (!page) return report_error(page.error(), json_);
      for (auto& t : page->tickets) tickets.push_back(std::move(t));
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
      std::cout << say("No hay tickets en la cola.\n", "There are no tickets in the queue.\n");
      return 0;
    }
    std::string out;
    for (const auto& t : tickets)
      out += t.tk + "  P" + std::to_string(t.priority) + "  " + local_time(t.sla_due_at) +
             (tk::is_breached(t, now) ? say(" VENCIDO", " OVERDUE") : std::string(8, ' ')) + "  " +
             (t.group.empty() ? "-" : t.group) + "/" + (t.assignee.empty() ? "-" : t.assignee) + "  " + label(t) +
             "  " + tk::utf8_truncate(t.summary, 60) + "\n";
    std::cout << out;
    return 0;
  }

  // The knowledge base (issue 16). `search` answers from the local copy of the published
  // articles (brought up to date first when the server answers): offline too.
  int kb() {
    if (args_.words.size() < 2)
      throw UsageError{
          say("kb necesita search, show, add, edit o publish", "kb needs search, show, add, edit or publish")};
    const std::string& what = args_.words[1];
    auto fail = [&](const tk::Error& e) { return report_error(e, json_); };
    if (what == "search") {
      std::string text;
      for (std::size_t i = 2; i < args_.words.size(); ++i) text += (text.empty() ? "" : " ") + args_.words[i];
      if (tk::trim(text).empty()) throw UsageError{say("kb search necesita un texto", "kb search needs a text")};
      bool fresh = engine().refresh_knowledge_base();
      tk::Json j{{"articles", tk::Json::array()}};
      for (const auto& s : store().suggest(text, 10))
        j["articles"].push_back(tk::Json{{"id", s.id},
                                         {"title", s.title},
                                         {"summary", s.summary},
                                         {"category", s.category.empty() ? tk::Json() : tk::Json(s.category)}});
      if (!fresh && store().kb_size() == 0)
        return fail(tk::make_error(tk::ErrorKind::Offline, "kb_not_cached",
                                   {"Todavía no hay una copia de la base de conocimiento en este equipo; conéctese "
                                    "una vez al servidor.",
                                    "There is no copy of the knowledge base on this computer yet; connect to the "
                                    "server once."}));
      if (json_) {
        std::cout << j.dump() << "\n";
        return 0;
      }
      if (j["articles"].empty()) std::cout << say("No se encontraron artículos.\n", "No articles found.\n");
      auto catalog_now = catalog();
      for (const auto& a : j["articles"]) {
        std::cout << a["id"].dump() << "  " << a.value("title", "");
        if (a["category"].is_string())
          std::cout << "  (" << tk::ui::category_text(catalog_now, a["category"].get<std::string>(), g_language) << ")";
        if (a.value("status", "") == "draft") std::cout << say("  [borrador]", "  [draft]");
        std::cout << "\n    " << a.value("summary", "") << "\n";
      }
      return 0;
    }
    if (what == "link") return kb_link();
    if (what != "show" && what != "add" && what != "edit" && what != "publish")
      throw UsageError{say("kb no conoce " + what, "kb does not know " + what)};
    if (what == "add") {
      if (args_.words.size() != 2)
        throw UsageError{say("kb add no lleva argumentos sueltos", "kb add takes no bare arguments")};
      if (args_.has("draft")) throw UsageError{say("kb add no lleva --draft", "kb add takes no --draft")};
      tk::Json body{{"title", args_.get("title")},       {"symptoms", args_.get("symptoms")},
                    {"steps", args_.get("steps")},       {"category", args_.get("category")},
                    {"keywords", args_.get("keywords")}, {"status", args_.has("publish") ? "published" : "draft"}};
      // Procedure 3, activity 6: a solved case becomes an article; what the options do not
      // say comes from the ticket (its summary, description, solution and category).
      if (std::string from = args_.get("from-ticket"); !from.empty()) {
        auto ticket = api_.get(from);
        if (!ticket) return fail(ticket.error());
        auto fill = [&](const char* field, const std::string& value) {
          if (body[field].get<std::string>().empty()) body[field] = value;
        };
        fill("title", ticket->summary);
        fill("symptoms", ticket->description);
        fill("steps", ticket->resolution_notes);
        fill("category", ticket->category);
        body["source_tk"] = ticket->tk;
      }
      bool missing = false;
      for (const char* field : {"title", "symptoms", "steps"})
        missing = missing || body[field].get<std::string>().empty();
      if (missing && !edit_in_editor(body)) return 1;
      auto saved = api_.knowledge_base("POST", "/kb", body.dump(), 201);
      if (!saved) return fail(saved.error());
      tk::Json created = tk::Json::parse(*saved);
      print_article_saved(created);
      // The case it came from is its first linked case.
      if (body.contains("source_tk")) {
        tk::EventRequest link(tk::Action::LinkArticle);
        link.article = created.value("id", 0);
        if (auto linked = api_.post_event(body["source_tk"].get<std::string>(), link, tk::random_uuid()); !linked)
          std::cerr << "tkctl: "
                    << say("el artículo no quedó vinculado al ticket: ", "the article was not linked to the ticket: ")
                    << linked.error().message_in(g_language) << "\n";
      }
      return 0;
    }
    if (args_.words.size() != 3 || !tk::is_digits(args_.words[2]) || args_.words[2].size() > 15)
      throw UsageError{
          say("kb " + what + " necesita el número del artículo", "kb " + what + " needs the article's number")};
    std::string target = "/kb/" + args_.words[2];
    auto current = api_.knowledge_base("GET", target, "", 200);
    if (!current) return fail(current.error());
    tk::Json article = tk::Json::parse(*current);
    if (what == "show") {
      if (json_) {
        std::cout << article.dump() << "\n";
        return 0;
      }
      std::cout << article["id"].dump() << "  " << article.value("title", "") << "\n";
      if (article["category"].is_string())
        std::cout << say("  Categoría: ", "  Category: ")
                  << tk::ui::category_text(catalog(), article["category"].get<std::string>(), g_language) << "\n";
      std::cout << say("  Estado: ", "  Status: ")
                << (article.value("status", "") == "published" ? say("publicado", "published")
                                                               : say("borrador", "draft"))
                << say("  ·  Actualizado: ", "  ·  Updated: ")
                << local_time(tk::parse_rfc3339(article.value("updated_at", "")).value_or(0)) << "\n\n"
                << say("Síntomas\n", "Symptoms\n") << article.value("symptoms", "") << "\n\n"
                << say("Pasos\n", "Steps\n") << article.value("steps", "") << "\n";
      // Only the desk is told which cases an article served.
      if (auto links = article.find("linked_tickets"); links != article.end() && links->is_array() && !links->empty()) {
        std::cout << "\n" << say("Tickets vinculados\n", "Linked tickets\n");
        for (const auto& l : *links) {
          auto status = tk::parse_status(l.value("status", "")).value_or(tk::Status::Registered);
          std::cout << "  " << l.value("tk", "") << "  "
                    << tk::ui::status_text(status, tk::Level::None, tk::Resolution::None, g_language) << "  "
                    << l.value("summary", "") << "\n";
        }
      }
      return 0;
    }
    if (args_.has("publish") && args_.has("draft"))
      throw UsageError{say("use --publish o --draft, no ambos", "use --publish or --draft, not both")};
    if (what == "publish") {
      article["status"] = "published";
    } else {
      bool given = false;
      for (const char* field : {"title", "symptoms", "steps", "category", "keywords"})
        if (args_.values.count(field)) {
          article[field] = args_.get(field);
          given = true;
        }
      // Nothing to change on the command line: the text goes to the editor, as it is now.
      if (!given && !args_.has("publish") && !args_.has("draft") && !edit_in_editor(article)) return 1;
      if (args_.has("publish")) article["status"] = "published";
      if (args_.has("draft")) article["status"] = "draft";
    }
    tk::Json body;
    for (const char* field : {"title", "symptoms", "steps", "category", "keywords", "status"})
      body[field] = article[field];
    auto saved = api_.knowledge_base("PUT", target, body.dump(), 200);
    if (!saved) return fail(saved.error());
    print_article_saved(tk::Json::parse(*saved));
    return 0;
  }

  // kb link ID TK (either order: a TK is told from an article's number by its form).
  int kb_link() {
    if (args_.words.size() != 4)
      throw UsageError{
          say("kb link necesita el número del artículo y el TK", "kb link needs the article's number and the TK")};
    std::string article = args_.words[2], tk = args_.words[3];
    if (tk::is_digits(tk)) std::swap(article, tk);
    if (!tk::is_digits(article) || article.size() > 6)
      throw UsageError{say("kb link: " + article + " no es un número de artículo",
                           "kb link: " + article + " is not an article number")};
    tk::EventRequest link(tk::Action::LinkArticle, args_.get("note"));
    link.article = std::stoi(article);
    return move(tk, link);
  }

  // An article's title, symptoms and steps in $VISUAL or $EDITOR, in a file of three
  // sections; what the person saves goes back into `article`. False (said on stderr) when
  // there is no editor, or the editor failed.
  bool edit_in_editor(tk::Json& article) {
    std::string editor = tk::platform::environment_variable("VISUAL");
    if (editor.empty()) editor = tk::platform::environment_variable("EDITOR");
    if (editor.empty()) {
      std::cerr << "tkctl: "
                << say("faltan el título, los síntomas o los pasos: dé --title, --symptoms y --steps, o defina EDITOR.",
                       "the title, symptoms or steps are missing: give --title, --symptoms and --steps, or set EDITOR.")
                << "\n";
      return false;
    }
    const char* headings[] = {"== Título ==", "== Síntomas ==", "== Pasos =="};
    const char* fields[] = {"title", "symptoms", "steps"};
    std::filesystem::path file = std::filesystem::temp_directory_path() / ("tkctl-kb-" + tk::random_uuid() + ".txt");
    const std::string instructions = say("# Escriba el artículo bajo cada encabezado. Esta línea no se guarda.",
                                         "# Write the article under each heading. This line is not kept.");
    {
      std::ofstream out(file);
      // A draft may be private until published: readable by its writer only.
      std::error_code ignored;
      std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                   ignored);
      out << instructions << "\n";
      for (int i = 0; i < 3; ++i) out << headings[i] << "\n" << article.value(fields[i], "") << "\n";
    }
#ifdef _WIN32
    std::string command = editor + " \"" + file.string() + "\"";
#else
    std::string command = editor + " '" + file.string() + "'";
#endif
    int status = std::system(command.c_str());
    std::ifstream in(file);
    std::string line, sections[3];
    int current = -1;
    while (std::getline(in, line)) {
      if (line == instructions) continue;  // steps may have lines of their own starting with #
      bool heading = false;
      for (int i = 0; i < 3; ++i)
        if (tk::trim(line) == headings[i]) current = i, heading = true;
      if (!heading && current >= 0) sections[current] += line + "\n";
    }
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
    if (status != 0) {
      std::cerr << "tkctl: "
                << say("el editor terminó con error; no se guardó nada.", "the editor failed; nothing was saved.")
                << "\n";
      return false;
    }
    for (int i = 0; i < 3; ++i) article[fields[i]] = tk::trim(sections[i]);
    return true;
  }

  void print_article_saved(const tk::Json& article) {
    if (json_) {
      std::cout << article.dump() << "\n";
      return;
    }
    std::cout << article["id"].dump() << ": " << article.value("title", "") << "  ("
              << (article.value("status", "") == "published" ? say("publicado", "published") : say("borrador", "draft"))
              << ")\n";
  }

  // tkctl enrol CODE [--token-file F]: the one-time code an administrator gave traded for
  // this user's token, written to F (readable by the user alone) or printed.
  // tkctl enrol --user NAME: the same with the directory account (LDAP / AD); the password
  // is read from the terminal without echo, or from standard input.
  int enrol() {
    std::string user = args_.get("user");
    if (args_.words.size() > 2 || (!user.empty() && args_.words.size() > 1))
      throw UsageError{
          say("enrol lleva solo el código de inscripción, o --user", "enrol takes only the enrolment code, or --user")};
    std::string code, password;
    if (!user.empty()) {
      std::cerr << say("Contraseña de ", "Password of ") << user << ": " << std::flush;
      if (!tk::platform::read_hidden_line(password) || password.empty())
        throw UsageError{say("enrol --user necesita la contraseña", "enrol --user needs the password")};
    } else {
      // Without it (or "-"), the code is read from standard input: on the command line,
      // other users of the computer could read it in ps and use it first.
      code = args_.words.size() == 2 ? args_.words[1] : "-";
      if (code == "-") {
        std::cerr << say("Código de inscripción: ", "Enrolment code: ") << std::flush;
        if (!std::getline(std::cin, code) || tk::trim(code).empty())
          throw UsageError{say("enrol necesita el código de inscripción", "enrol needs the enrolment code")};
      }
    }
    std::string file = args_.get("token-file");
    // The file is tried before the code is spent: a code is good once.
    if (!file.empty() && !tk::platform::write_private_file(file, ""))
      return report_error(tk::make_error(tk::ErrorKind::Internal, "cannot_write",
                                         {"No se puede escribir " + file + "; el código no se usó.",
                                          "Cannot write " + file + "; the code was not used."}),
                          json_);
    // The server keeps one token per employee and device, replacing it when the device
    // enrols again: tkctl names itself, so that it never replaces the tray's on the same
    // computer (the server takes 64 characters).
    std::string device = tk::utf8_truncate(tk::platform::machine_info().hostname, 57) + ", tkctl";
    auto enrolled = user.empty() ? api_.enrol(tk::trim(code), device) : api_.enrol_with_account(user, password, device);
    if (!enrolled) return report_error(enrolled.error(), json_);
    if (file.empty()) {
      std::cout << enrolled->token << "\n";
      return 0;
    }
    if (!tk::platform::write_private_file(file, enrolled->token + "\n")) {
      // The code is spent: the token must not be lost with it.
      std::cerr << "tkctl: "
                << say("no se pudo escribir " + file + "; este es su token, guárdelo:",
                       "could not write " + file + "; this is your token, keep it:")
                << "\n";
      std::cout << enrolled->token << "\n";
      return 1;
    }
    if (json_)
      std::cout << tk::Json{{"employee", enrolled->identity.employee},
                            {"name", enrolled->identity.name},
                            {"token_file", file}}
                       .dump()
                << "\n";
    else
      std::cout << say("Inscrito: ", "Enrolled: ") << enrolled->identity.name << " (" << enrolled->identity.employee
                << "). " << say("Token guardado en ", "Token saved in ") << file << "\n";
    return 0;
  }

  int stats() {
    if (args_.words.size() != 1) throw UsageError{say("stats no lleva argumentos", "stats takes no arguments")};
    if (json_ && args_.has("csv"))
      throw UsageError{say("use --json o --csv, no ambos", "use --json or --csv, not both")};
    auto text = api_.quality_report(args_.get("from"), args_.get("to"));
    if (!text) return report_error(text.error(), json_);
    tk::Json report = tk::Json::parse(*text);
    if (json_)
      std::cout << report.dump() << "\n";
    else if (args_.has("csv"))
      std::cout << quality_csv(report);
    else
      std::cout << quality_text(report, catalog());
    return 0;
  }

  int classify(const std::string& tk) {
    tk::EventRequest event;
    event.action = tk::Action::Classify;
    if (auto type = args_.get("type"); !type.empty()) {
      event.type = tk::parse_ticket_type(type);
      if (!event.type)
        throw UsageError{say("--type debe ser incident, service_request o security_incident",
                             "--type must be incident, service_request or security_incident")};
    }
    event.category = args_.get("category");
    if (!args_.get("impact").empty()) event.impact = parse_scale(args_, "impact", 0);
    if (!args_.get("urgency").empty()) event.urgency = parse_scale(args_, "urgency", 0);
    event.note = args_.get("note");
    return move(tk, event);
  }

  int assign(const std::string& tk) {
    tk::EventRequest event;
    event.action = tk::Action::Assign;
    event.group = args_.get("group");
    event.assignee = args_.get("to");
    if (event.group.empty() && event.assignee.empty())
      throw UsageError{say("assign necesita --group, --to o ambos", "assign needs --group, --to or both")};
    return move(tk, event);
  }

  // The catalog for names (categories, groups): the one cached, else the server's, else the built-in.
  const tk::Catalog& catalog() {
    if (!catalog_) {
      auto cached = store().catalog();
      if (!cached && engine().refresh_catalog()) cached = store().catalog();
      catalog_ = cached ? *cached : tk::default_catalog();
    }
    return *catalog_;
  }

  const Args& args_;
  bool json_;
  tk::ClientSession session_;
  tk::ApiClient& api_;
  bool opened_ = false;
  std::optional<tk::Catalog> catalog_;
};

}  // namespace

// What tkctl prints for people passes through tk::printable_text, line by line: summaries,
// notes and names come from other people, and a C1 CSI or a bidi override in one must not
// drive the terminal or disguise what it shows (issue 25). --json output is data, left as
// the server sent it (JSON escapes the C0 controls).
class PrintableLines final : public std::streambuf {
 public:
  explicit PrintableLines(std::streambuf* out) : out_(out) {}

 private:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    line_.push_back(traits_type::to_char_type(c));
    if (c == '\n') write_line();
    return c;
  }
  std::streamsize xsputn(const char* text, std::streamsize n) override {
    for (std::streamsize i = 0; i < n; ++i) overflow(traits_type::to_int_type(text[i]));
    return n;
  }
  int sync() override {
    write_line();
    return out_->pubsync();
  }
  void write_line() {
    std::string clean = tk::printable_text(line_, true);
    out_->sputn(clean.data(), static_cast<std::streamsize>(clean.size()));
    line_.clear();
  }

  std::streambuf* out_;
  std::string line_;
};

void print_for_people() {
  // Never freed: the streams flush into them at exit, after main has returned.
  std::cout.rdbuf(new PrintableLines(std::cout.rdbuf()));
  std::cerr.rdbuf(new PrintableLines(std::cerr.rdbuf()));
}

int main(int argc, char** argv) {
  try {
    tk::platform::use_utf8_console();
    auto arguments = tk::platform::utf8_arguments(argc, argv);
    // The language first, so that even a mistake in the other arguments is told in it.
    g_language = tk::system_language();
    for (std::size_t i = 1; i < arguments.size(); ++i) {
      if (arguments[i].rfind("--lang=", 0) == 0) g_language = tk::parse_language(arguments[i].substr(7));
      if (arguments[i] == "--lang" && i + 1 < arguments.size()) g_language = tk::parse_language(arguments[i + 1]);
    }
    Args args = parse(arguments);
    if (!args.has("json")) print_for_people();
    // Warnings (a cache set aside, a refused report) go to standard error; the rest of
    // the log is for long-running programs.
    tk::log::setup({"tkctl", "", tk::log::Severity::Warning, true});
    if (args.has("version")) {
      std::cout << "tkctl " << TK_VERSION << "\n";
      return 0;
    }
    if (!args.words.empty() && args.has("help")) {
      if (!kCommandOptions.count(args.words.front())) throw unknown_command(args.words.front());
      std::cout << command_help(args.words.front());
      return 0;
    }
    if (args.has("help") || args.words.empty()) {
      (args.words.empty() && !args.has("help") ? std::cerr : std::cout)
          << (g_language == tk::Language::English ? kUsageEnglish : kUsageSpanish);
      return args.has("help") ? 0 : 2;
    }
    check_command(args);
    return Tkctl(args).run();
  } catch (const UsageError& e) {
    std::cerr << "tkctl: " << e.message
              << say("\n(tkctl --help muestra el uso)\n", "\n(tkctl --help shows the usage)\n");
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "tkctl: " << e.what() << "\n";
    return 1;
  }
}
