// The knowledge base (docs/design.md section 11): search answers from the local copy of
// the published articles (brought up to date first when the server answers), offline too;
// the desk writes, edits, publishes and links articles on the server.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "output.h"
#include "tk/json_mapping.h"
#include "tk/platform.h"
#include "tk/text.h"
#include "tk/time.h"
#include "tk/ui/text.h"
#include "tkctl.h"

namespace tkctl {

namespace {

const char* article_state(const tk::Json& article) {
  return article.value("status", "") == "published" ? _("published") : _("draft");
}

void print_article_saved(const Context& c, const tk::Json& article) {
  if (c.json) {
    std::cout << article.dump() << "\n";
    return;
  }
  std::cout << article["id"].dump() << ": " << article.value("title", "") << "  (" << article_state(article) << ")\n";
}

// An article's title, symptoms and steps in $VISUAL or $EDITOR, in a file of three
// sections; what the person saves goes back into `article`. False (said on stderr) when
// there is no editor, or the editor failed.
bool edit_in_editor(tk::Json& article) {
  std::string editor = tk::platform::environment_variable("VISUAL");
  if (editor.empty()) editor = tk::platform::environment_variable("EDITOR");
  if (editor.empty()) {
    std::cerr << "tkctl: "
              << _("the title, symptoms or steps are missing: give --title, --symptoms and --steps, or set EDITOR.")
              << "\n";
    return false;
  }
  const std::string headings[] = {std::string("== ") + _("Title") + " ==", std::string("== ") + _("Symptoms") + " ==",
                                  std::string("== ") + _("Steps") + " =="};
  const char* fields[] = {"title", "symptoms", "steps"};
  std::filesystem::path file = std::filesystem::temp_directory_path() / ("tkctl-kb-" + tk::random_uuid() + ".txt");
  const std::string instructions = _("# Write the article under each heading. This line is not kept.");
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
    std::cerr << "tkctl: " << _("the editor failed; nothing was saved.") << "\n";
    return false;
  }
  for (int i = 0; i < 3; ++i) article[fields[i]] = tk::trim(sections[i]);
  return true;
}

// The one operand of kb show, edit and publish: an article's number.
std::string article_number(const Context& c) {
  if (c.operands.size() != 1 || !tk::is_digits(c.operands[0]) || c.operands[0].size() > 15)
    throw UsageError(format(_("{} needs the article's number"), {c.command.name}));
  return c.operands[0];
}

// The article as the server has it; nothing when it cannot be read, the error said and
// its exit code (1 refused, 3 not reached) in `failed`.
std::optional<tk::Json> fetch_article(Context& c, const std::string& number, int& failed) {
  auto current = c.api().knowledge_base("GET", "/kb/" + number, "", 200);
  if (!current) {
    failed = c.fail(current.error());
    return std::nullopt;
  }
  return tk::Json::parse(*current);
}

int save_article(Context& c, const std::string& number, const tk::Json& article) {
  tk::Json body;
  for (const char* field : {"title", "symptoms", "steps", "category", "keywords", "status"})
    body[field] = article[field];
  auto saved = c.api().knowledge_base("PUT", "/kb/" + number, body.dump(), 200);
  if (!saved) return c.fail(saved.error());
  print_article_saved(c, tk::Json::parse(*saved));
  return 0;
}

}  // namespace

int kb_search(Context& c) {
  std::string text;
  for (const auto& word : c.operands) text += (text.empty() ? "" : " ") + word;
  if (tk::trim(text).empty()) throw UsageError(_("kb search needs a text"));
  bool fresh = c.engine().refresh_knowledge_base();
  auto found = c.store().suggest(text, 10);
  if (!fresh && c.store().kb_size() == 0)
    return c.fail(tk::ErrorKind::Offline, "kb_not_cached",
                  _("There is no copy of the knowledge base on this computer yet; connect to the server once."));
  if (c.json) {
    tk::Json j{{"articles", tk::Json::array()}};
    for (const auto& s : found)
      j["articles"].push_back(tk::Json{{"id", s.id},
                                       {"title", s.title},
                                       {"summary", s.summary},
                                       {"category", s.category.empty() ? tk::Json() : tk::Json(s.category)}});
    std::cout << j.dump() << "\n";
    return 0;
  }
  if (found.empty()) {
    std::cout << _("No articles found.") << "\n";
    return 0;
  }
  const auto& catalog = c.catalog();
  for (const auto& s : found) {
    std::cout << paint(std::to_string(s.id), Paint::Bold) << "  " << s.title;
    if (!s.category.empty()) std::cout << "  (" << tk::ui::category_text(catalog, s.category, g_language) << ")";
    std::cout << "\n    " << cut(s.summary, 100) << "\n";
  }
  return 0;
}

int kb_show(Context& c) {
  int failed = 0;
  auto article = fetch_article(c, article_number(c), failed);
  if (!article) return failed;
  if (c.json) {
    std::cout << article->dump() << "\n";
    return 0;
  }
  const tk::Json& a = *article;
  std::cout << paint(a["id"].dump() + "  " + a.value("title", ""), Paint::Bold) << "\n";
  if (a["category"].is_string())
    std::cout << "  "
              << format(_("Category: {}"),
                        {tk::ui::category_text(c.catalog(), a["category"].get<std::string>(), g_language)})
              << "\n";
  std::cout << "  "
            << format(_("Status: {}  ·  Updated: {}"),
                      {article_state(a), when(tk::parse_rfc3339(a.value("updated_at", "")).value_or(0))})
            << "\n\n"
            << paint(_("Symptoms"), Paint::Bold) << "\n"
            << a.value("symptoms", "") << "\n\n"
            << paint(_("Steps"), Paint::Bold) << "\n"
            << a.value("steps", "") << "\n";
  // Only the desk is told which cases an article served.
  if (auto links = a.find("linked_tickets"); links != a.end() && links->is_array() && !links->empty()) {
    std::cout << "\n" << paint(_("Linked tickets"), Paint::Bold) << "\n";
    for (const auto& l : *links) {
      auto status = tk::parse_status(l.value("status", "")).value_or(tk::Status::Registered);
      std::cout << "  " << l.value("tk", "") << "  "
                << tk::ui::status_text(status, tk::Level::None, tk::Resolution::None, g_language) << "  "
                << l.value("summary", "") << "\n";
    }
  }
  return 0;
}

int kb_add(Context& c) {
  c.no_operands();
  tk::Json body{{"title", c.args.get("title")},       {"symptoms", c.args.get("symptoms")},
                {"steps", c.args.get("steps")},       {"category", c.args.get("category")},
                {"keywords", c.args.get("keywords")}, {"status", c.args.has("publish") ? "published" : "draft"}};
  // Procedure 3, activity 6: a solved case becomes an article; what the options do not
  // say comes from the ticket (its summary, description, solution and category).
  if (std::string from = c.args.get("from-ticket"); !from.empty()) {
    auto ticket = c.api().get(from);
    if (!ticket) return c.fail(ticket.error());
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
  for (const char* field : {"title", "symptoms", "steps"}) missing = missing || body[field].get<std::string>().empty();
  if (missing && !edit_in_editor(body)) return 1;
  auto saved = c.api().knowledge_base("POST", "/kb", body.dump(), 201);
  if (!saved) return c.fail(saved.error());
  tk::Json created = tk::Json::parse(*saved);
  print_article_saved(c, created);
  // The case it came from is its first linked case.
  if (body.contains("source_tk")) {
    tk::EventRequest link(tk::Action::LinkArticle);
    link.article = created.value("id", 0);
    if (auto linked = c.api().post_event(body["source_tk"].get<std::string>(), link, tk::random_uuid()); !linked)
      std::cerr << "tkctl: "
                << format(_("the article was not linked to the ticket: {}"), {linked.error().message_in(g_language)})
                << "\n";
  }
  return 0;
}

int kb_edit(Context& c) {
  if (c.args.has("publish") && c.args.has("draft")) throw UsageError(_("use --publish or --draft, not both"));
  std::string number = article_number(c);
  int failed = 0;
  auto article = fetch_article(c, number, failed);
  if (!article) return failed;
  bool given = false;
  for (const char* field : {"title", "symptoms", "steps", "category", "keywords"})
    if (c.args.given(field)) {
      (*article)[field] = c.args.get(field);
      given = true;
    }
  // Nothing to change on the command line: the text goes to the editor, as it is now.
  if (!given && !c.args.has("publish") && !c.args.has("draft") && !edit_in_editor(*article)) return 1;
  if (c.args.has("publish")) (*article)["status"] = "published";
  if (c.args.has("draft")) (*article)["status"] = "draft";
  return save_article(c, number, *article);
}

int kb_publish(Context& c) {
  std::string number = article_number(c);
  int failed = 0;
  auto article = fetch_article(c, number, failed);
  if (!article) return failed;
  (*article)["status"] = "published";
  return save_article(c, number, *article);
}

// kb link ID TK (either order: a TK is told from an article's number by its form).
int kb_link(Context& c) {
  if (c.operands.size() != 2) throw UsageError(_("kb link needs the article's number and the TK"));
  std::string article = c.operands[0], tk = c.operands[1];
  if (tk::is_digits(tk)) std::swap(article, tk);
  if (!tk::is_digits(article) || article.size() > 6)
    throw UsageError(format(_("kb link: {} is not an article number"), {article}));
  tk::EventRequest link(tk::Action::LinkArticle, c.args.get("note"));
  link.article = std::stoi(article);
  return send_move(c, tk, link);
}

}  // namespace tkctl
