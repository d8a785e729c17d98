// Tokens and one-time enrolment codes: who may call the API. Both are kept only as SHA-256
// hashes; the rules (who enrols, how guesses are limited) live in TicketService.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"
#include "tk/domain.h"

namespace tk::server {

struct StoredToken {
  Identity identity;
  std::int64_t expires_at = 0;  // 0: never
  std::int64_t revoked_at = 0;  // 0: not revoked
};

// An enrolment code as `tk-server enrol list` shows it (never the code).
struct EnrolmentInfo {
  std::int64_t id = 0;
  std::string employee, name;
  std::int64_t created_at = 0, expires_at = 0, used_at = 0, token_id = 0;
};

// A token as `tk-server token list` shows it: everything but the token, which is not kept.
struct TokenInfo {
  std::int64_t id = 0;
  Role role = Role::Employee;
  std::string name, login, employee, group;
  std::int64_t created_at = 0, last_used_at = 0, expires_at = 0, revoked_at = 0;
};

class AccessStore {
 public:
  explicit AccessStore(Database& database) : db_(database) {}

  // Tokens are kept only as SHA-256 hashes of the token text. `expires_at` 0: never.
  std::int64_t add_token(const std::string& token_hash, const Identity& identity, std::int64_t expires_at = 0);
  std::optional<StoredToken> find_token(const std::string& token_hash);
  // An employee's token for one device, revoking the earlier ones of that employee and
  // device in the same transaction; the new token's id.
  std::int64_t replace_device_token(const std::string& token_hash, const Identity& identity, const std::string& device,
                                    std::int64_t now);
  std::vector<TokenInfo> list_tokens();
  // Marks the token revoked at `at`; false when there is no such token.
  bool revoke_token(std::int64_t token_id, std::int64_t at);
  // Records when a token was last used; queued behind other writes, not waited for.
  void record_token_use(std::int64_t token_id, std::int64_t at);
  // The newest agent or admin token with this login: who a ticket may be assigned to.
  std::optional<Identity> find_agent(const std::string& login);

  // One-time enrolment codes, kept as SHA-256 hashes like tokens.
  std::int64_t add_enrolment(const std::string& code_hash, const std::string& employee, const std::string& name,
                             std::int64_t created_at, std::int64_t expires_at);
  // Takes an unused, unexpired code and makes its employee's token (hash given) in one
  // transaction, revoking the same device's earlier tokens; nullopt when there is no such
  // code (or it was used, or expired).
  std::optional<Identity> redeem_enrolment(const std::string& code_hash, const std::string& token_hash,
                                           const std::string& device, std::int64_t now);
  std::vector<EnrolmentInfo> list_enrolments();
  // Whether such a code is there, unused and unexpired: read first, so that guesses made
  // without a token never queue work for the one writer.
  bool enrolment_open(const std::string& code_hash, std::int64_t now);

 private:
  Database& db_;
};

}  // namespace tk::server
