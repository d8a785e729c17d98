// What a client sends, as the server reads it: any bytes through the JSON parser (duplicate
// keys, invalid UTF-8, depth), then every mapping and validation that takes a request body.
// A crash, a sanitizer report or an exception that escapes is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "knowledge/knowledge_base.h"
#include "tk/catalog.h"
#include "tk/json_mapping.h"
#include "tk/validation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const tk::Catalog catalog = tk::default_catalog();
  auto json = tk::parse_json_object(text);
  if (!json) return 0;
  if (auto ticket = tk::new_ticket_from_json(*json)) {
    (void)tk::validate_new_ticket(*ticket, catalog);
    (void)tk::to_json(*ticket).dump();
  }
  if (auto event = tk::event_from_json(*json)) {
    (void)tk::validate_event(*event);
    (void)tk::to_json(*event).dump();
  }
  if (auto article = tk::server::kb_article_from_json(*json)) (void)tk::server::to_json(*article).dump();
  (void)tk::parse_catalog(text);
  return 0;
}
