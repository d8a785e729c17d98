// What every client (the tray, the kiosk, tkctl) opens to work with one server under one
// token: the transport and the API client, and, on first use, the local cache bound to that
// identity with the sync engine over it. The one place where the identity's fingerprint, the
// cache's file name and the language asked of the server are decided.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "tk/api_client.h"
#include "tk/client_store.h"
#include "tk/http.h"
#include "tk/sync_engine.h"

namespace tk {

struct SessionOptions {
  std::string server_url = "http://127.0.0.1:8080";
  std::string token;
  // The folder of cache.db; empty for the user's data folder of `app` (platform.h).
  std::string data_dir;
  std::string app = "tk";
  // Sent as Accept-Language: the server answers catalog names and errors in it.
  std::string accept_language = "es-MX";
  std::chrono::milliseconds timeout{15000};
  SyncOptions sync;
  // A kiosk keeps nobody's tickets once they are sent.
  bool keep_sent_tickets = true;
};

class ClientSession {
 public:
  explicit ClientSession(SessionOptions options);
  ~ClientSession();
  ClientSession(const ClientSession&) = delete;
  ClientSession& operator=(const ClientSession&) = delete;

  const SessionOptions& options() const { return options_; }
  HttpTransport& transport() { return *transport_; }
  ApiClient& api() { return *api_; }
  // The cache (opened, and set aside and recreated if damaged, on first use: desk commands
  // of tkctl need none) and its engine. Throws what ClientStore::open throws.
  ClientStore& store();
  SyncEngine& engine();
  // Whether opening the cache found it damaged and what was recovered.
  const OpenReport& open_report() const { return opened_; }
  void set_observer(SyncObserver* observer) { observer_ = observer; }

  // The identity outbox rows are saved under: a report is only ever sent with the server
  // and token it was filed with.
  static std::string identity_fingerprint(const std::string& server_url, const std::string& token);
  std::string cache_path() const;

 private:
  SessionOptions options_;
  std::unique_ptr<HttpTransport> transport_;
  std::unique_ptr<ApiClient> api_;
  std::unique_ptr<ClientStore> store_;
  std::unique_ptr<SyncEngine> engine_;
  SyncObserver* observer_ = nullptr;
  OpenReport opened_;
};

}  // namespace tk
