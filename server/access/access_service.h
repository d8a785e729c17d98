// Who may call the API: tokens (made, checked, revoked; a revocation reaches a running
// server within a second), one-time enrolment codes, and sign-in with a directory account,
// with the limits on guesses and on sign-ins that keep strangers and token holders from
// wearing them down (docs/security.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "access/directory.h"
#include "access/failure_limiter.h"
#include "storage/storage.h"

namespace tk::server {

// The few directory sign-ins that may run at once (each holds a network thread for up to
// the directory's timeout), shared fairly: one address holds one at most.
class DirectorySlots {
 public:
  class Slot {
   public:
    Slot(DirectorySlots* owner, std::string address) : owner_(owner), address_(std::move(address)) {}
    Slot(Slot&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)), address_(std::move(other.address_)) {}
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (owner_) owner_->give_back(address_);
    }

   private:
    DirectorySlots* owner_;
    std::string address_;
  };
  // A slot given back when it goes (every path, exceptions included); none when all are
  // taken or the address holds its share.
  std::optional<Slot> take(const std::string& address);

 private:
  void give_back(const std::string& address);
  static constexpr int kAtOnce = 2;
  static constexpr int kPerAddress = 1;
  std::mutex mutex_;
  int in_use_ = 0;
  std::map<std::string, int> by_address_;
};

class AccessService {
 public:
  using Clock = std::function<std::int64_t()>;
  // `account_failures_allowed`: wrong directory passwords for one account within 15
  // minutes before it is refused for 15 minutes (below the directory's own lockout).
  AccessService(Storage& store, int account_failures_allowed, Clock clock);

  // Creates a token for `identity` and returns its text; only the hash is stored.
  // `expires_at` 0: it does not expire.
  std::string create_token(Identity identity, std::int64_t expires_at = 0);
  // 401 for a missing, unknown, revoked (token_revoked) or expired (token_expired) token.
  Result<Identity> authenticate(const std::string& token);
  std::vector<TokenInfo> tokens();
  bool revoke_token(std::int64_t token_id);

  // A one-time enrolment code for an employee, valid `hours` hours: its text, shown once
  // (XXXX-XXXX-XXXX from 31 unambiguous letters and digits: about 59 random bits).
  std::string create_enrolment(const std::string& employee, const std::string& name, int hours);
  std::vector<EnrolmentInfo> enrolments() { return store_.access().list_enrolments(); }
  // POST /enrol: the code traded once for an employee token (its text, and who it is for).
  struct Enrolled {
    std::string token;
    Identity identity;
  };
  // `address`: who asks (ApiRequest::peer), for the limit on guesses.
  Result<Enrolled> enrol(const std::string& code, const std::string& device, const std::string& address = {});
  // The same with a directory account instead of a code (POST /enrol {"user", "password"}).
  Result<Enrolled> enrol_with_directory(const std::string& user, const std::string& password, const std::string& device,
                                        const std::string& address = {});
  // Where directory sign-ins are checked; none: only codes enrol.
  void set_directory(Directory* directory) { directory_ = directory; }
  bool has_directory() const { return directory_ != nullptr; }

  // The agent a ticket may be assigned to, by login.
  std::optional<Identity> agent(const std::string& login) { return store_.access().find_agent(login); }

 private:
  Storage& store_;
  Clock clock_;
  // Enrolment guesses: per account name (a password tried against one person) and per
  // address (codes or names sprayed from one computer).
  FailureLimiter account_failures_;
  FailureLimiter address_failures_{20, 15 * 60};
  // Sign-ins of any outcome, per account and per address: an employee's own right password
  // in a loop must not mint tokens or hold the directory for everyone (issue 25). A
  // computer signs in once; an office's morning of new computers behind one address fits.
  FailureLimiter sign_ins_by_account_{10, 15 * 60};
  FailureLimiter sign_ins_by_address_{60, 15 * 60};
  Directory* directory_ = nullptr;
  DirectorySlots directory_slots_;
  // Drops the cached identities of an employee's tokens, after some were replaced.
  void forget_tokens_of(const std::string& employee);
  // Tokens recently seen, by hash. An entry is trusted for kTokenRecheck only, then read
  // again, so that a revocation in the database reaches a running server within a second.
  struct KnownToken {
    Identity identity;
    std::int64_t expires_at = 0;
    std::chrono::steady_clock::time_point checked;
    std::int64_t use_recorded_at = 0;
  };
  static constexpr std::chrono::milliseconds kTokenRecheck{500};
  std::shared_mutex tokens_mutex_;
  std::unordered_map<std::string, KnownToken> known_tokens_;
};

}  // namespace tk::server
