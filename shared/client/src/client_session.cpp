#include "tk/client_session.h"

#include "tk/platform.h"
#include "tk/text.h"

namespace tk {

ClientSession::ClientSession(SessionOptions options) : options_(std::move(options)) {
  transport_ = make_http_transport({options_.server_url, options_.timeout});
  api_ = std::make_unique<ApiClient>(*transport_, options_.token, options_.accept_language);
}

ClientSession::~ClientSession() {
  if (engine_) engine_->stop();
}

std::string ClientSession::identity_fingerprint(const std::string& server_url, const std::string& token) {
  return sha256_hex(server_url + "\n" + token).substr(0, 32);
}

std::string ClientSession::cache_path() const {
  std::string dir = options_.data_dir.empty() ? platform::user_data_dir(options_.app) : options_.data_dir;
  return dir + "/cache.db";
}

ClientStore& ClientSession::store() {
  if (!store_) {
    store_ = ClientStore::open(cache_path(), &opened_);
    store_->set_keep_sent_tickets(options_.keep_sent_tickets);
    store_->bind_identity(identity_fingerprint(options_.server_url, options_.token));
  }
  return *store_;
}

SyncEngine& ClientSession::engine() {
  if (!engine_) engine_ = std::make_unique<SyncEngine>(store(), *api_, options_.sync, observer_);
  return *engine_;
}

}  // namespace tk
