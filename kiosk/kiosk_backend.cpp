#include "kiosk_backend.h"

#include <exception>
#include <string>

#include "tk/logging.h"
#include "tk/platform.h"
#include "tk/text.h"

namespace tk::kiosk {

SessionOptions KioskBackend::session_options(const std::string& server_url, const std::string& token,
                                             const std::string& data_dir, ui::Language language) {
  SessionOptions options;
  options.server_url = server_url;
  options.token = token;
  options.data_dir = data_dir;
  options.app = "tk-kiosk";
  options.accept_language = ui::accept_language(language);
  options.timeout = std::chrono::milliseconds(10000);
  options.keep_sent_tickets = false;
  options.sync.pull_changes = false;
  return options;
}

KioskBackend::KioskBackend(const std::string& server_url, const std::string& token, const std::string& data_dir,
                           ui::Language language)
    : session_(session_options(server_url, token, data_dir, language)) {
  session_.engine();  // the outbox is opened at start, not on the first report
}

KioskBackend::~KioskBackend() = default;

namespace {

void log_cache_failure(const char* what, const std::exception& e) {
  log::error("cache", std::string(what) + ": " + e.what());
}

}  // namespace

Catalog KioskBackend::catalog() {
  try {
    if (auto cached = session_.store().catalog()) return *cached;
  } catch (const std::exception& e) {
    log_cache_failure("reading the cached catalog", e);
  }
  return default_catalog();
}

FiledReport KioskBackend::file(const NewTicket& report, const std::string& replaces) {
  try {
    if (!replaces.empty()) session_.engine().discard(replaces);
  } catch (const std::exception& e) {
    log_cache_failure("dropping a refused report", e);
  }
  return file_report(session_.engine(), session_.store(), report);
}

Result<Ticket> KioskBackend::look_up(const std::string& tk, const std::string& employee) {
  return session_.api().get(tk, employee);
}

Result<Ticket> KioskBackend::answer_survey(const std::string& tk, const std::string& employee,
                                           const EventRequest& answer, const std::string& idempotency_key) {
  return session_.api().post_event(tk, answer, idempotency_key, employee);
}

std::vector<KbSuggestion> KioskBackend::suggest(const std::string& text) {
  try {
    return session_.store().suggest(text, 3);
  } catch (const std::exception& e) {
    log_cache_failure("suggesting articles", e);
    return {};
  }
}

std::optional<KbArticleCopy> KioskBackend::article(std::int64_t id) {
  try {
    return session_.store().kb_article(id);
  } catch (const std::exception& e) {
    log_cache_failure("reading an article", e);
    return std::nullopt;
  }
}

void KioskBackend::article_solved(std::int64_t id) {
  try {
    session_.engine().submit_kb_feedback(id, true);
  } catch (const std::exception& e) {
    log_cache_failure("recording an article that helped", e);
  }
}

int KioskBackend::waiting_reports() {
  int waiting = 0;
  try {
    for (const auto& e : session_.store().outbox()) waiting += e.state == OutboxState::Pending;
  } catch (const std::exception& e) {
    log_cache_failure("counting the waiting reports", e);
  }
  return waiting;
}

void KioskBackend::drop_refused_reports() {
  try {
    for (const auto& e : session_.store().outbox())
      if (e.state == OutboxState::Refused) session_.engine().discard(e.local_id);
  } catch (const std::exception& e) {
    log_cache_failure("dropping refused reports", e);
  }
}

}  // namespace tk::kiosk
