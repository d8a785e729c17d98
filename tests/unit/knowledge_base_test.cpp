// The knowledge base on a real SQLite file: the Spanish search (stems, no accents), the
// starter articles found by what people type, drafts kept from employees, the delta for
// client caches, and feedback counted once per key.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <map>

#include "tk/spanish_search.h"
#include "temp_dir.h"
#include "services.h"
#include "storage/storage.h"

namespace tk::server {
namespace {

class KnowledgeBaseTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  std::atomic<std::int64_t> clock{1'800'000'000};
  std::unique_ptr<Storage> store = std::make_unique<Storage>(dir.file("tk.db"));
  Services service{*store, ServiceOptions{}, [this] { return clock.load(); }};
  Identity employee = identity(Role::Employee, "1002", "Ana López");
  Identity agent = identity(Role::Agent, "", "Luis Pérez");

  Identity identity(Role role, const std::string& number, const std::string& name) {
    Identity id;
    id.role = role;
    id.employee = number;
    id.name = name;
    return *service.access.authenticate(service.access.create_token(id));
  }

  std::vector<std::string> titles(const std::string& typed, const Identity& who, int limit = 3) {
    std::vector<std::string> out;
    auto hits = service.knowledge.kb_search(who, typed, limit);
    EXPECT_TRUE(hits.ok());
    if (hits)
      for (const auto& h : *hits) out.push_back(h.title);
    return out;
  }
};

}  // namespace

TEST(SpanishSearch, PluralsVerbFormsAndAccentsMeetOnTheSameTerms) {
  EXPECT_EQ(spanish_terms("impresoras"), spanish_terms("impresora"));
  EXPECT_EQ(spanish_terms("imprimen"), spanish_terms("imprime"));
  EXPECT_EQ(spanish_terms("configuracion"), spanish_terms("Configuración"));
  EXPECT_EQ(spanish_terms("CONTRASEÑA"), spanish_terms("contrasena"));
  for (const auto& [one, many] : std::vector<std::pair<const char*, const char*>>{{"configuración", "configuraciones"},
                                                                                  {"configuracion", "configuraciones"},
                                                                                  {"instalación", "instalaciones"},
                                                                                  {"actualizacion", "actualizaciones"},
                                                                                  {"impresión", "impresiones"}})
    EXPECT_EQ(spanish_terms(one), spanish_terms(many)) << one << " / " << many;
  // Snowball knows Spanish plurals, not those of loanwords.
  for (const auto& [one, many] : std::vector<std::pair<const char*, const char*>>{
           {"plotter", "plotters"}, {"router", "routers"}, {"laptop", "laptops"}, {"tóner", "tóners"}})
    EXPECT_EQ(spanish_terms(one), spanish_terms(many)) << one << " / " << many;
  EXPECT_NE(spanish_terms("gas"), spanish_terms("ga")) << "a vowel's -s is Snowball's to judge";
  // A stem may end in a consonant and -s ("pens" of "pensar"): only the typed word counts.
  for (const auto& [one, other] : std::vector<std::pair<const char*, const char*>>{
           {"pensar", "pena"}, {"curso", "curar"}, {"bolsa", "bola"}, {"cansado", "cana"}, {"verso", "ver"}})
    EXPECT_NE(spanish_terms(one), spanish_terms(other)) << one << " / " << other;
  EXPECT_EQ(spanish_terms("caf\xE9 leche").size(), 2u) << "a stray Latin-1 byte separates, it does not eat a word";
  auto words = spanish_terms("¡La impresora, no imprime!");
  EXPECT_EQ(words.size(), 4u) << "punctuation separates words and is not one";
  EXPECT_TRUE(spanish_terms("").empty());
  EXPECT_TRUE(spanish_terms("... ¿? !").empty());
}

TEST(SpanishSearch, WhatPeopleTypeBecomesAnyOfItsMeaningfulWords) {
  EXPECT_EQ(spanish_match_query("mi impresora no imprime"), "\"impresora\" OR \"imprime\"");
  EXPECT_EQ(spanish_match_query("de la y"), "") << "nothing but small words: nothing to look for";
  EXPECT_EQ(spanish_match_query("piso 3 error 1603"), "\"piso\" OR \"error\" OR \"1603\"")
      << "a step's number is no clue; an error code is";
  EXPECT_EQ(spanish_match_query("Outlook \"AND\" OR NOT x*"), "\"outlook\" OR \"and\" OR \"or\" OR \"not\" OR \"x\"")
      << "FTS5's own syntax in the text is just words";
}

TEST_F(KnowledgeBaseTest, TheStarterArticlesAreThereAndPublished) {
  auto delta = service.knowledge.kb_delta(employee, 0, 1000);
  ASSERT_TRUE(delta.ok());
  EXPECT_GE(delta->articles.size(), 20u);
  for (const auto& a : delta->articles) {
    EXPECT_TRUE(a.published) << a.title;
    EXPECT_FALSE(a.steps.empty()) << a.title;
  }
}

// Search quality on what people actually type (issue 16: recall at 3 of at least 90 %):
// each query with the starter article that answers it, written here apart from the
// articles' own keywords.
TEST_F(KnowledgeBaseTest, PeoplesWordsFindTheRightStarterArticleInTheFirstThree) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"impresoras no imprimen", "La impresora no imprime"},
      {"la impresora no saca las hojas", "La impresora no imprime"},
      {"se atora el papel en la impresora", "La impresora atasca el papel"},
      {"configuracion correo celular", "Configuración del correo institucional en el celular"},
      {"quiero ver mi correo en el telefono", "Configuración del correo institucional en el celular"},
      {"olvide mi contraseña", "Olvidé mi contraseña o mi cuenta está bloqueada"},
      {"cuenta bloqueada", "Olvidé mi contraseña o mi cuenta está bloqueada"},
      {"mi contraseña va a caducar", "Cambiar mi contraseña antes de que expire"},
      {"me llego un correo raro", "Recibí un correo sospechoso o raro (phishing)"},
      {"correo pidiendo mi contraseña", "Recibí un correo sospechoso o raro (phishing)"},
      {"di click en un link falso", "Di clic en un enlace o escribí mi contraseña en un sitio falso"},
      {"no tengo internet", "No tengo internet o no hay red (cable de red)"},
      {"sin red en mi lugar", "No tengo internet o no hay red (cable de red)"},
      {"no se conecta el wifi", "No me puedo conectar al Wi‑Fi institucional"},
      {"vpn no conecta", "La VPN no conecta: cómo conectarse a la VPN institucional"},
      {"trabajar desde casa vpn", "La VPN no conecta: cómo conectarse a la VPN institucional"},
      {"pantalla azul", "Pantalla azul: el equipo se reinicia con un error"},
      {"computadora lenta", "La computadora está lenta"},
      {"mi equipo esta muy lento", "La computadora está lenta"},
      {"virus", "Mi equipo muestra un aviso de virus o ransomware"},
      {"mis archivos estan cifrados y piden rescate", "Mi equipo muestra un aviso de virus o ransomware"},
      {"outlook no envia correos", "Outlook no envía o no recibe correos"},
      {"no me llegan los correos", "Outlook no envía o no recibe correos"},
      {"buzon lleno", "Mi buzón de correo está lleno"},
      {"el monitor esta negro", "El monitor no da imagen"},
      {"el mouse no funciona", "El teclado o el mouse no responden"},
      {"no se escucha en teams", "Teams sin audio o el micrófono no funciona"},
      {"instalar un programa", "Solicitar la instalación de un programa autorizado"},
      {"no abre la carpeta compartida", "No puedo abrir una carpeta compartida o unidad de red"},
      {"el telefono no tiene tono", "Mi extensión telefónica no tiene tono"},
      {"perdi mi laptop", "Perdí mi laptop o mi celular institucional"},
      {"envie un archivo a la persona equivocada", "Compartí información por error (fuga de información)"},
      {"borre un archivo por error", "Recuperar un archivo borrado o una versión anterior"},
      {"escanear un documento", "Escanear un documento y enviarlo a mi correo"},
      {"la firma electronica no funciona", "La firma electrónica o el token USB no es reconocido"},
      {"alguien entro a mi cuenta", "Alguien entró a mi cuenta o veo actividad que no reconozco"},
  };
  int found = 0;
  std::string misses;
  for (const auto& [typed, expected] : cases) {
    auto top = titles(typed, employee, 3);
    if (std::find(top.begin(), top.end(), expected) != top.end())
      ++found;
    else
      misses += "\n  \"" + typed + "\" gave: " + (top.empty() ? std::string("nothing") : top.front());
  }
  double recall = static_cast<double>(found) / static_cast<double>(cases.size());
  RecordProperty("recall_at_3", std::to_string(recall));
  EXPECT_GE(recall, 0.9) << found << " of " << cases.size() << " found; missed:" << misses;
  std::cout << "recall at 3: " << found << " of " << cases.size() << misses << "\n";
}

TEST_F(KnowledgeBaseTest, ALoanwordsPluralFindsTheArticleAboutItsSingular) {
  KbArticle plotter;
  plotter.title = "El plotter no imprime los planos";
  plotter.symptoms = "El plotter del área de proyectos no responde o mancha los planos.";
  plotter.steps = "1. Revise el cartucho.\n2. Apague y encienda el plotter.";
  plotter.category = "printer";
  plotter.published = true;
  ASSERT_TRUE(service.knowledge.kb_save(agent, 0, plotter).ok());
  EXPECT_EQ(titles("plotters no imprimen", employee).front(), plotter.title)
      << "before, the printer article came first: the plotter's -s kept the words apart";
}

TEST_F(KnowledgeBaseTest, DraftsAreTheDesksAndPublishingShowsThemToEveryone) {
  KbArticle draft;
  draft.title = "El lector de huellas no reconoce el dedo";
  draft.symptoms = "El lector biométrico de la entrada marca error.";
  draft.steps = "1. Limpie el lector.\n2. Registre de nuevo la huella.";
  draft.category = "hardware";
  EXPECT_EQ(service.knowledge.kb_save(employee, 0, draft).error().code, "forbidden_role");
  auto saved = service.knowledge.kb_save(agent, 0, draft);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_FALSE(saved->published);
  EXPECT_EQ(saved->created_by, "agent:Luis Pérez");
  auto seen = titles("lector de huellas", employee, 50);
  EXPECT_EQ(std::find(seen.begin(), seen.end(), draft.title), seen.end()) << "a draft is not the public's";
  EXPECT_EQ(service.knowledge.kb_article(employee, saved->id).error().code, "unknown_article");
  EXPECT_EQ(titles("lector de huellas", agent).front(), draft.title);

  auto cursor = service.knowledge.kb_delta(employee, 0, 1000)->cursor;
  draft.published = true;
  clock += 60;
  auto published = service.knowledge.kb_save(agent, saved->id, draft);
  ASSERT_TRUE(published.ok());
  EXPECT_EQ(titles("huella", employee).front(), draft.title);
  auto delta = service.knowledge.kb_delta(employee, cursor, 100);
  ASSERT_EQ(delta->articles.size(), 1u) << "a cache asks only for what changed";
  EXPECT_EQ(delta->articles[0].id, saved->id);

  draft.published = false;
  ASSERT_TRUE(service.knowledge.kb_save(agent, saved->id, draft).ok());
  delta = service.knowledge.kb_delta(employee, delta->cursor, 100);
  EXPECT_TRUE(delta->articles.empty());
  EXPECT_EQ(delta->removed, std::vector<std::int64_t>{saved->id}) << "caches drop what was withdrawn";

  // Written published from the start (tkctl kb add --publish): found at once, in the delta,
  // and withdrawn later it is in `removed`.
  KbArticle direct = draft;
  direct.title = "El escáner de la recepción no envía correos";
  direct.published = true;
  auto direct_saved = service.knowledge.kb_save(agent, 0, direct);
  ASSERT_TRUE(direct_saved.ok()) << direct_saved.error().message;
  EXPECT_EQ(titles("escáner recepción", employee).front(), direct.title);
  direct.published = false;
  ASSERT_TRUE(service.knowledge.kb_save(agent, direct_saved->id, direct).ok());
  auto withdrawn = service.knowledge.kb_delta(employee, delta->cursor, 100);
  EXPECT_EQ(withdrawn->removed, std::vector<std::int64_t>{direct_saved->id});
  delta = withdrawn;

  // A draft never published stays the desk's: its id is in nobody's delta (issue 25).
  KbArticle unseen = draft;
  unseen.title = "Borrador que nadie ha visto";
  auto unseen_saved = service.knowledge.kb_save(agent, 0, unseen);
  ASSERT_TRUE(unseen_saved.ok());
  ASSERT_TRUE(service.knowledge.kb_save(agent, unseen_saved->id, unseen).ok()) << "edited, still a draft";
  auto after = service.knowledge.kb_delta(employee, delta->cursor, 100);
  EXPECT_TRUE(after->removed.empty()) << "a draft never published is no one's to drop";
  EXPECT_GT(after->cursor, delta->cursor) << "the cursor still passes it";

  draft.category = "cafeteria";
  EXPECT_EQ(service.knowledge.kb_save(agent, saved->id, draft).error().field, "category");
  EXPECT_EQ(service.knowledge.kb_save(agent, 999999, draft).error().code, "invalid_category");
  draft.category = "hardware";
  EXPECT_EQ(service.knowledge.kb_save(agent, 999999, draft).error().code, "unknown_article");
}

TEST_F(KnowledgeBaseTest, FeedbackCountsOncePerKeyAndOncePerPersonArticleAndDay) {
  auto articles = service.knowledge.kb_delta(employee, 0, 2)->articles;
  auto first = articles.at(0), second = articles.at(1);
  EXPECT_TRUE(*service.knowledge.kb_feedback(employee, first.id, true, "k-1"));
  EXPECT_FALSE(*service.knowledge.kb_feedback(employee, first.id, true, "k-1")) << "sent again: nothing new";
  EXPECT_FALSE(*service.knowledge.kb_feedback(employee, first.id, true, "k-2"))
      << "a fresh key the same day is not counted";
  EXPECT_TRUE(*service.knowledge.kb_feedback(employee, second.id, true, "k-3")) << "another article is";
  clock += 24 * 3600;
  EXPECT_TRUE(*service.knowledge.kb_feedback(employee, first.id, false, "k-4")) << "the next day counts again";
  EXPECT_EQ(service.knowledge.kb_feedback(employee, first.id, true, "").error().code, "invalid_idempotency_key");
  EXPECT_EQ(service.knowledge.kb_feedback(employee, 999999, true, "k-5").error().code, "unknown_article");

  // A lobby kiosk speaks for many people, up to a bound.
  Identity kiosk = identity(Role::Kiosk, "", "Vestíbulo");
  int counted = 0;
  for (int i = 0; i < 120; ++i)
    counted += *service.knowledge.kb_feedback(kiosk, first.id, true, "kiosk-" + std::to_string(i));
  EXPECT_EQ(counted, 100);
}

TEST_F(KnowledgeBaseTest, TheDeskLinksArticlesToTicketsAndSeesAnArticlesCases) {
  NewTicket report;
  report.type = TicketType::Incident;
  report.category = "printer";
  report.summary = "No imprime";
  report.description = "La impresora del piso 3 no imprime.";
  report.impact = 2;
  report.urgency = 2;
  auto ticket = service.tickets.create(employee, report, "");
  ASSERT_TRUE(ticket.ok()) << ticket.error().message;
  std::string tk = ticket->ticket.tk;
  auto article = service.knowledge.kb_delta(employee, 0, 1)->articles.at(0);

  EventRequest link{Action::LinkArticle};
  link.article = static_cast<int>(article.id);
  EXPECT_EQ(service.tickets.apply(employee, tk, link).error().kind, ErrorKind::Forbidden) << "the desk's to do";
  auto linked = service.tickets.apply(agent, tk, link);
  ASSERT_TRUE(linked.ok()) << linked.error().message;
  const HistoryEvent& event = linked->history.back();
  EXPECT_EQ(event.action, Action::LinkArticle);
  EXPECT_EQ(event.note, article.title) << "the history reads on its own";
  EXPECT_EQ(linked->status, Status::Registered) << "a link moves nothing";
  Json history = to_json(*linked, clock.load())["history"];
  EXPECT_EQ(history.back()["article"], article.id);

  auto again = service.tickets.apply(agent, tk, link);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "already_linked");
  link.article = 999999;
  EXPECT_EQ(service.tickets.apply(agent, tk, link).error().code, "unknown_article");

  // A closed case can still get its article.
  for (Action a : {Action::Take, Action::Resolve, Action::Confirm})
    ASSERT_TRUE(service.tickets.apply(agent, tk, EventRequest{a, "Se reinstaló el controlador"}).ok()) << to_string(a);
  auto second = service.knowledge.kb_delta(employee, 0, 2)->articles.at(1);
  link.article = static_cast<int>(second.id);
  link.note = "Mismo caso que el artículo";
  auto after_close = service.tickets.apply(agent, tk, link);
  ASSERT_TRUE(after_close.ok()) << after_close.error().message;
  EXPECT_EQ(after_close->history.back().note, "Mismo caso que el artículo");

  auto for_desk = service.knowledge.kb_article(agent, article.id);
  ASSERT_TRUE(for_desk->links.has_value());
  ASSERT_EQ(for_desk->links->size(), 1u);
  EXPECT_EQ(for_desk->links->at(0).tk, tk);
  EXPECT_EQ(for_desk->links->at(0).status, Status::Closed);
  EXPECT_EQ(to_json(*for_desk)["linked_tickets"][0]["tk"], tk);
  auto for_employee = service.knowledge.kb_article(employee, article.id);
  EXPECT_FALSE(for_employee->links.has_value()) << "other people's cases are not an employee's to see";
  EXPECT_FALSE(to_json(*for_employee).contains("linked_tickets"));
}

}  // namespace tk::server
