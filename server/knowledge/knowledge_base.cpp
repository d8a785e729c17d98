#include "knowledge/knowledge_base.h"

#include <map>
#include <string_view>

#include "tk/text.h"
#include "tk/domain.h"
#include "tk/time.h"

namespace tk::server {

const std::map<std::string, std::string_view>& embedded_files();  // generated, see CMakeLists.txt

namespace {

Error invalid(const std::string& field, const Bilingual& why, const char* code = "invalid") {
  return make_error(ErrorKind::Invalid, code, why, field);
}

// A text field of the body: a string, trimmed, within `max` characters; required or not.
Result<std::string> text_field(const Json& j, const std::string& name, std::size_t max, bool required) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    if (required) return invalid(name, {"Este dato es obligatorio.", "This is required."}, "required");
    return std::string{};
  }
  if (!it->is_string()) return invalid(name, {"Se esperaba un texto.", "A string was expected."});
  std::string value = trim(it->get<std::string>());
  if (required && value.empty()) return invalid(name, {"Este dato es obligatorio.", "This is required."}, "required");
  if (utf8_length(value) > max)
    return invalid(name,
                   {"El texto es demasiado largo (máximo " + std::to_string(max) + " caracteres).",
                    "The text is too long (at most " + std::to_string(max) + " characters)."},
                   "too_long");
  return value;
}

}  // namespace

Result<KbArticle> kb_article_from_json(const Json& j) {
  if (!j.is_object()) return invalid("", {"Se esperaba un objeto JSON.", "A JSON object was expected."});
  KbArticle a;
  struct Field {
    const char* name;
    std::string* into;
    std::size_t max;
    bool required;
  };
  for (const Field& f : {Field{"title", &a.title, 200, true}, Field{"symptoms", &a.symptoms, 4000, true},
                         Field{"steps", &a.steps, 8000, true}, Field{"category", &a.category, 60, false},
                         Field{"keywords", &a.keywords, 500, false}}) {
    auto value = text_field(j, f.name, f.max, f.required);
    if (!value) return value.error();
    *f.into = std::move(*value);
  }
  auto status = text_field(j, "status", 20, false);
  if (!status) return status.error();
  if (!status->empty() && *status != "draft" && *status != "published")
    return invalid("status", {"El estado es draft o published.", "The status is draft or published."});
  a.published = *status == "published";
  auto source = text_field(j, "source_tk", 20, false);
  if (!source) return source.error();
  if (!source->empty() && !is_well_formed_tk(*source))
    return invalid("source_tk", {"No es un TK: " + *source + ".", "Not a TK: " + *source + "."});
  a.source_tk = *source;
  return a;
}

Json to_json(const KbArticle& a) {
  Json j{{"id", a.id},
         {"title", a.title},
         {"symptoms", a.symptoms},
         {"steps", a.steps},
         {"category", a.category.empty() ? Json() : Json(a.category)},
         {"keywords", a.keywords},
         {"status", a.published ? "published" : "draft"},
         {"source_tk", a.source_tk.empty() ? Json() : Json(a.source_tk)},
         {"created_by", a.created_by},
         {"created_at", format_rfc3339(a.created_at)},
         {"updated_by", a.updated_by},
         {"updated_at", format_rfc3339(a.updated_at)}};
  if (a.links) {
    Json links = Json::array();
    for (const auto& l : *a.links)
      links.push_back(
          Json{{"tk", l.tk}, {"summary", l.summary}, {"status", to_string(l.status)}, {"at", format_rfc3339(l.at)}});
    j["linked_tickets"] = std::move(links);
  }
  return j;
}

std::string kb_summary(const std::string& symptoms) {
  std::string line = symptoms.substr(0, symptoms.find('\n'));
  return utf8_length(line) > 160 ? utf8_truncate(line, 157) + "..." : line;
}

std::vector<KbArticle> starter_articles() {
  std::vector<KbArticle> articles;
  const auto& files = embedded_files();
  auto file = files.find("articles.json");
  if (file == files.end()) return articles;
  Json j = Json::parse(file->second, nullptr, false);
  if (!j.is_object() || !j.contains("articles")) return articles;
  for (const auto& item : j["articles"]) {
    auto article = kb_article_from_json(item);
    if (!article) continue;
    article->published = true;
    article->created_by = article->updated_by = "system";
    article->created_at = article->updated_at = now_seconds();
    articles.push_back(std::move(*article));
  }
  return articles;
}

Error unknown_article(std::int64_t id) {
  return make_error(
      ErrorKind::NotFound, "unknown_article",
      {"No existe el artículo " + std::to_string(id) + ".", "There is no article " + std::to_string(id) + "."});
}

}  // namespace tk::server
