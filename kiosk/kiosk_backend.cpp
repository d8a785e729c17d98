#include "kiosk_backend.h"

#include "tk/platform.h"
#include "tk/text.h"

namespace tk::kiosk {

KioskBackend::KioskBackend(const std::string& server_url, const std::string& token, const std::string& data_dir,
                           ui::Language language) {
  std::string dir = data_dir.empty() ? platform::user_data_dir("tk-kiosk") : data_dir;
  store_ = ClientStore::open(dir + "/cache.db");
  store_->set_keep_sent_tickets(false);
  store_->bind_identity(sha256_hex(server_url + "\n" + token).substr(0, 32));
  transport_ = make_http_transport({server_url, std::chrono::milliseconds(10000)});
  api_ = std::make_unique<ApiClient>(*transport_, token, language == ui::Language::Spanish ? "es-MX" : "en");
  SyncOptions sync;
  sync.pull_changes = false;
  engine_ = std::make_unique<SyncEngine>(*store_, *api_, sync);
}

KioskBackend::~KioskBackend() { engine_->stop(); }

Catalog KioskBackend::catalog() {
  auto cached = store_->catalog();
  return cached ? *cached : default_catalog();
}

FiledReport KioskBackend::file(const NewTicket& report, const std::string& replaces) {
  if (!replaces.empty()) engine_->discard(replaces);
  return file_report(*engine_, *store_, report);
}

Result<Ticket> KioskBackend::look_up(const std::string& tk, const std::string& employee) {
  return api_->get(tk, employee);
}

int KioskBackend::waiting_reports() {
  int waiting = 0;
  for (const auto& e : store_->outbox()) waiting += e.state == OutboxState::Pending;
  return waiting;
}

void KioskBackend::drop_refused_reports() {
  for (const auto& e : store_->outbox())
    if (e.state == OutboxState::Refused) engine_->discard(e.local_id);
}

}  // namespace tk::kiosk
