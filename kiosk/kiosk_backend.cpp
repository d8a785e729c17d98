#include "kiosk_backend.h"

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

Catalog KioskBackend::catalog() {
  auto cached = session_.store().catalog();
  return cached ? *cached : default_catalog();
}

FiledReport KioskBackend::file(const NewTicket& report, const std::string& replaces) {
  if (!replaces.empty()) session_.engine().discard(replaces);
  return file_report(session_.engine(), session_.store(), report);
}

Result<Ticket> KioskBackend::look_up(const std::string& tk, const std::string& employee) {
  return session_.api().get(tk, employee);
}

int KioskBackend::waiting_reports() {
  int waiting = 0;
  for (const auto& e : session_.store().outbox()) waiting += e.state == OutboxState::Pending;
  return waiting;
}

void KioskBackend::drop_refused_reports() {
  for (const auto& e : session_.store().outbox())
    if (e.state == OutboxState::Refused) session_.engine().discard(e.local_id);
}

}  // namespace tk::kiosk
