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
#include "ticket_service.h"
#include "ticket_store.h"

namespace tk::server {
namespace {

class KnowledgeBaseTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  std::atomic<std::int64_t> clock{1'800'000'000};
  std::unique_ptr<TicketStore> store = std::make_unique<TicketStore>(dir.file("tk.db"));
  TicketService service{*store, ServiceOptions{}, [this] { return clock.load(); }};
  Identity employee = identity(Role::Employee, "1002", "Ana López");
  Identity agent = identity(Role::Agent, "", "Luis Pérez");

  Identity identity(Role role, const std::string& number, const std::string& name) {
    Identity id;
    id.role = role;
    id.employee = number;
    id.name = name;
    return *service.authenticate(service.create_token(id));
  }

  std::vector<std::string> titles(const std::string& typed, const Identity& who, int limit = 3) {
    std::vector<std::string> out;
    auto hits = service.kb_search(who, typed, limit);
    EXPECT_TRUE(hits.ok());
    if (hits)
      for (const auto& h : *hits) out.push_back(h.title);
    return out;
  }
};

}  // namespace

TEST(SpanishSearch, PluralsVerbFormsAndAccentsMeetOnTheSameTerms) {
#ifdef _WIN32
  // The Windows prefix does not build Snowball yet: there the search folds accents only.
  EXPECT_EQ(spanish_terms("configuracion"), spanish_terms("Configuración"));
  GTEST_SKIP() << "no Spanish stemmer in the Windows build yet";
#endif
  EXPECT_EQ(spanish_terms("impresoras"), spanish_terms("impresora"));
  EXPECT_EQ(spanish_terms("imprimen"), spanish_terms("imprime"));
  EXPECT_EQ(spanish_terms("configuracion"), spanish_terms("Configuración"));
  EXPECT_EQ(spanish_terms("CONTRASEÑA"), spanish_terms("contrasena"));
  for (const auto& [one, many] : std::vector<std::pair<const char*, const char*>>{
           {"configuración", "configuraciones"}, {"configuracion", "configuraciones"}, {"instalación", "instalaciones"},
           {"actualizacion", "actualizaciones"}, {"impresión", "impresiones"}})
    EXPECT_EQ(spanish_terms(one), spanish_terms(many)) << one << " / " << many;
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
  auto delta = service.kb_delta(employee, 0, 1000);
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

TEST_F(KnowledgeBaseTest, DraftsAreTheDesksAndPublishingShowsThemToEveryone) {
  KbArticle draft;
  draft.title = "El lector de huellas no reconoce el dedo";
  draft.symptoms = "El lector biométrico de la entrada marca error.";
  draft.steps = "1. Limpie el lector.\n2. Registre de nuevo la huella.";
  draft.category = "hardware";
  EXPECT_EQ(service.kb_save(employee, 0, draft).error().code, "forbidden_role");
  auto saved = service.kb_save(agent, 0, draft);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_FALSE(saved->published);
  EXPECT_EQ(saved->created_by, "agent:Luis Pérez");
  auto seen = titles("lector de huellas", employee, 50);
  EXPECT_EQ(std::find(seen.begin(), seen.end(), draft.title), seen.end()) << "a draft is not the public's";
  EXPECT_EQ(service.kb_article(employee, saved->id).error().code, "unknown_article");
  EXPECT_EQ(titles("lector de huellas", agent).front(), draft.title);

  auto cursor = service.kb_delta(employee, 0, 1000)->cursor;
  draft.published = true;
  clock += 60;
  auto published = service.kb_save(agent, saved->id, draft);
  ASSERT_TRUE(published.ok());
  EXPECT_EQ(titles("huella", employee).front(), draft.title);
  auto delta = service.kb_delta(employee, cursor, 100);
  ASSERT_EQ(delta->articles.size(), 1u) << "a cache asks only for what changed";
  EXPECT_EQ(delta->articles[0].id, saved->id);

  draft.published = false;
  ASSERT_TRUE(service.kb_save(agent, saved->id, draft).ok());
  delta = service.kb_delta(employee, delta->cursor, 100);
  EXPECT_TRUE(delta->articles.empty());
  EXPECT_EQ(delta->removed, std::vector<std::int64_t>{saved->id}) << "caches drop what was withdrawn";

  draft.category = "cafeteria";
  EXPECT_EQ(service.kb_save(agent, saved->id, draft).error().field, "category");
  EXPECT_EQ(service.kb_save(agent, 999999, draft).error().code, "invalid_category");
  draft.category = "hardware";
  EXPECT_EQ(service.kb_save(agent, 999999, draft).error().code, "unknown_article");
}

TEST_F(KnowledgeBaseTest, FeedbackCountsOncePerKey) {
  auto first = service.kb_delta(employee, 0, 1)->articles.at(0);
  EXPECT_TRUE(*service.kb_feedback(employee, first.id, true, "k-1"));
  EXPECT_FALSE(*service.kb_feedback(employee, first.id, true, "k-1")) << "sent again: nothing new";
  EXPECT_TRUE(*service.kb_feedback(employee, first.id, false, "k-2"));
  EXPECT_EQ(service.kb_feedback(employee, first.id, true, "").error().code, "invalid_idempotency_key");
  EXPECT_EQ(service.kb_feedback(employee, 999999, true, "k-3").error().code, "unknown_article");
}

}  // namespace tk::server
