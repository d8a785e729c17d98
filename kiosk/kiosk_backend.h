// What the kiosk does with the network and its cache, without a display: its outbox
// (no tickets kept, no pulls: DESIGN section 6 and README "What a kiosk keeps"), filing a
// report, looking a ticket up. The frame only calls these (the slow ones off its thread).
#pragma once

#include <memory>
#include <string>

#include "tk/client_session.h"
#include "tk/ui/text.h"

namespace tk::kiosk {

class KioskBackend {
 public:
  KioskBackend(const std::string& server_url, const std::string& token, const std::string& data_dir,
               ui::Language language);
  ~KioskBackend();

  void start() { session_.engine().start(); }
  void sync_now() { session_.engine().trigger(); }
  bool online() { return session_.engine().online(); }
  // What the screens read of the cache never throws into wx's event loop: a failure of the
  // file is logged, and the screens go on with the built-in catalog and no count.
  Catalog catalog();

  // Files a report; `replaces` names a refused copy it corrects (that copy is dropped).
  FiledReport file(const NewTicket&, const std::string& replaces);
  Result<Ticket> look_up(const std::string& tk, const std::string& employee);
  // The survey's answer for the ticket just looked up, with the same employee number. Sent
  // while the person stands there (no outbox: the look-up itself needed the server).
  Result<Ticket> answer_survey(const std::string& tk, const std::string& employee, const EventRequest&,
                               const std::string& idempotency_key);
  int waiting_reports();
  // The knowledge base's copy this kiosk keeps: suggestions for a summary, an article.
  std::vector<KbSuggestion> suggest(const std::string& text);
  std::optional<KbArticleCopy> article(std::int64_t id);
  // "Esto resolvió mi problema": kept and sent once (a deflection).
  void article_solved(std::int64_t id);
  // The person left: a report the server refused goes with them.
  void drop_refused_reports();

  ClientStore& store() { return session_.store(); }

 private:
  static SessionOptions session_options(const std::string& server_url, const std::string& token,
                                        const std::string& data_dir, ui::Language language);
  ClientSession session_;
};

}  // namespace tk::kiosk
