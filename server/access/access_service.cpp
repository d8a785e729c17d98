#include "access/access_service.h"

#include <algorithm>

#include "tk/logging.h"
#include "tk/platform.h"
#include "tk/text.h"

namespace tk::server {

AccessService::AccessService(Storage& store, int account_failures_allowed, Clock clock)
    : store_(store), clock_(std::move(clock)), account_failures_(account_failures_allowed, 15 * 60) {}

std::string AccessService::create_token(Identity identity, std::int64_t expires_at) {
  // 32 random bytes; the "tk_" prefix keeps tokens from ever starting with '-'.
  std::string token = "tk_" + random_token(32);
  identity.token_id = store_.access().add_token(sha256_hex(token), identity, expires_at);
  return token;
}

namespace {
constexpr char kCodeAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";  // no 0/O, 1/I/L
constexpr std::size_t kCodeLetters = 12;

// What people type back: upper case, without spaces or dashes; empty when it cannot be one.
std::string normal_code(const std::string& typed) {
  std::string code;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!std::strchr(kCodeAlphabet, upper) || upper == '\0') return {};
    code.push_back(upper);
  }
  return code.size() == kCodeLetters ? code : std::string();
}
}  // namespace

std::string AccessService::create_enrolment(const std::string& employee, const std::string& name, int hours) {
  std::string random = platform::secure_random_bytes(kCodeLetters);
  std::string code;
  for (std::size_t i = 0; i < kCodeLetters; ++i) {
    if (i && i % 4 == 0) code.push_back('-');
    // 256 is not a multiple of 31: the first letters are a little likelier, which costs
    // well under a bit of the code's strength.
    code.push_back(kCodeAlphabet[static_cast<unsigned char>(random[i]) % (sizeof(kCodeAlphabet) - 1)]);
  }
  std::int64_t now = clock_();
  store_.access().add_enrolment(sha256_hex(normal_code(code)), employee, name, now, now + std::int64_t{hours} * 3600);
  return code;
}

namespace {
// One line of text without control characters: it is shown in an administrator's terminal.
std::optional<Error> check_device(const std::string& device) {
  // Bidi overrides, line separators and invisible characters too: the name is shown in an
  // administrator's token list, where two computers must not look alike.
  bool controls = has_unsafe_characters(device) || has_invisible_characters(device);
  if (controls || !is_valid_utf8(device) || utf8_length(device) > 64)
    return make_error(ErrorKind::Invalid, "invalid_device",
                      N_("The computer's name is not valid (one line, up to 64 characters)."), "device");
  return std::nullopt;
}

}  // namespace

Result<AccessService::Enrolled> AccessService::enrol(const std::string& typed, const std::string& device,
                                                     const std::string& address) {
  std::string code = normal_code(typed);
  auto unknown = [] {
    return make_error(ErrorKind::NotFound, "unknown_code",
                      N_("The enrolment code does not exist, was used already or expired. Ask the service desk for "
                         "another."),
                      "code");
  };
  if (auto bad = check_device(device)) return *bad;
  FailureLimiter::Attempt from_address(address_failures_, "address " + address, clock_());
  if (!from_address.admitted()) {
    log::warning("auth", "enrolment refused from " + address + ": too many wrong codes");
    return too_many_attempts();
  }
  bool open = !code.empty() && store_.access().enrolment_open(sha256_hex(code), clock_());
  from_address.end(clock_(), !open);
  // The code is a secret (never logged); where the guess came from is not.
  if (!open) {
    log::warning("auth", "enrolment code refused from " + address);
    return unknown();
  }
  std::string token = "tk_" + random_token(32);
  auto identity = store_.access().redeem_enrolment(sha256_hex(code), sha256_hex(token), device, clock_());
  if (!identity) return unknown();
  forget_tokens_of(identity->employee);
  return Enrolled{token, *identity};
}

Result<AccessService::Enrolled> AccessService::enrol_with_directory(const std::string& user,
                                                                    const std::string& password,
                                                                    const std::string& device,
                                                                    const std::string& address) {
  if (!directory_)
    return make_error(ErrorKind::NotFound, "directory_not_configured",
                      N_("This server does not enrol with directory accounts; ask the service desk for an enrolment "
                         "code."));
  if (auto bad = check_device(device)) return *bad;
  // What an administrator needs to see a brute force or a lockout: the account as typed
  // (never the password) and where from. A name no account can have is not written: it
  // may be a password typed into the wrong field.
  auto refused = [&](const Error& why) {
    std::string account = is_valid_account_name(user) ? "\"" + user + "\"" : std::string("(not an account name)");
    log::warning("auth", "directory sign-in refused (" + why.code + ") for account " + account + " from " + address);
    return why;
  };
  // Every sign-in that reaches the directory counts here, whatever its outcome: a right
  // password too, since each one holds the directory for a moment and makes a token. (A
  // try turned away as busy is given back uncounted: retrying must not lock anyone out.)
  FailureLimiter::Attempt by_address(sign_ins_by_address_, "address " + address, clock_());
  if (!by_address.admitted()) return refused(too_many_sign_ins());
  FailureLimiter::Attempt from_address(address_failures_, "address " + address, clock_());
  if (!from_address.admitted()) return refused(too_many_attempts());
  // A name no account can have is a failure of the address only: it never reaches the
  // directory, and strangers' junk does not fill the accounts' table.
  if (!is_valid_account_name(user) || password.empty()) {
    from_address.end(clock_(), true);
    return refused(wrong_credentials());
  }
  // Names differ only in case for the directory ("JPerez", "jperez"): one count for both.
  FailureLimiter::Attempt by_account(sign_ins_by_account_, "account " + lower_ascii(user), clock_());
  if (!by_account.admitted()) return refused(too_many_sign_ins());
  FailureLimiter::Attempt for_account(account_failures_, "account " + lower_ascii(user), clock_());
  if (!for_account.admitted()) return refused(too_many_attempts());
  auto slot = directory_slots_.take(address);
  if (!slot)
    return refused(make_error(ErrorKind::Unavailable, "directory_busy",
                              N_("The server is busy with other sign-ins; try again in a few seconds.")));
  by_address.end(clock_(), true);
  by_account.end(clock_(), true);
  // The entry found counts too: a filter that takes several attributes (sAMAccountName or
  // userPrincipalName) gives one person several names, and the lock is the person's.
  std::optional<FailureLimiter::Attempt> for_entry;
  auto before_password = [&](const std::string& dn) {
    for_entry.emplace(account_failures_, "entry " + lower_ascii(dn), clock_());
    return for_entry->admitted();
  };
  Result<DirectoryAccount> signed_in = directory_->sign_in(user, password, before_password);
  slot.reset();
  bool wrong = !signed_in && signed_in.error().code == "invalid_credentials";
  if (for_entry) for_entry->end(clock_(), wrong);
  for_account.end(clock_(), wrong);
  from_address.end(clock_(), wrong);
  if (!signed_in) return refused(signed_in.error());

  Identity identity;
  identity.role = Role::Employee;
  identity.employee = signed_in->employee;
  // The device in the token's name tells an administrator's token list which one it is;
  // signing in again from the same device replaces that device's token.
  identity.name = device.empty() ? signed_in->name : signed_in->name + " (" + device + ")";
  std::string token = "tk_" + random_token(32);
  identity.token_id = store_.access().replace_device_token(sha256_hex(token), identity, device, clock_());
  forget_tokens_of(identity.employee);
  identity.name = signed_in->name;
  return Enrolled{token, identity};
}

std::optional<DirectorySlots::Slot> DirectorySlots::take(const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (in_use_ >= kAtOnce) return std::nullopt;
  // One address holds one slot at most: a loop signing in from one computer, even with a
  // right password, leaves the other slot to everyone else.
  if (by_address_[address] >= kPerAddress) return std::nullopt;
  ++in_use_;
  ++by_address_[address];
  return Slot(this, address);
}

void DirectorySlots::give_back(const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  --in_use_;
  if (auto it = by_address_.find(address); it != by_address_.end() && --it->second <= 0) by_address_.erase(it);
}

void AccessService::forget_tokens_of(const std::string& employee) {
  std::unique_lock<std::shared_mutex> lock(tokens_mutex_);
  for (auto it = known_tokens_.begin(); it != known_tokens_.end();)
    it = it->second.identity.employee == employee && it->second.identity.role == Role::Employee
             ? known_tokens_.erase(it)
             : std::next(it);
}

Result<Identity> AccessService::authenticate(const std::string& token) {
  if (token.empty()) return make_error(ErrorKind::Unauthorized, "unauthorized", N_("The access token is missing."));
  // Tokens carry 256 random bits, so an unsalted SHA-256 is enough to keep the stored
  // hashes useless to a reader of the database.
  std::string hash = sha256_hex(token);
  auto steady_now = std::chrono::steady_clock::now();
  std::int64_t now = clock_();
  std::optional<KnownToken> known;
  {
    std::shared_lock<std::shared_mutex> lock(tokens_mutex_);
    if (auto it = known_tokens_.find(hash);
        it != known_tokens_.end() && steady_now - it->second.checked < kTokenRecheck)
      known = it->second;
  }
  if (!known) {
    auto stored = store_.access().find_token(hash);
    if (!stored || stored->revoked_at) {
      std::unique_lock<std::shared_mutex> lock(tokens_mutex_);
      known_tokens_.erase(hash);
      if (!stored) return make_error(ErrorKind::Unauthorized, "unauthorized", N_("The access token is not valid."));
      return make_error(ErrorKind::Unauthorized, "token_revoked",
                        N_("This access token was revoked; ask the service desk for a new one."));
    }
    std::unique_lock<std::shared_mutex> lock(tokens_mutex_);
    auto& entry = known_tokens_[hash];
    entry.identity = stored->identity;
    entry.expires_at = stored->expires_at;
    entry.checked = steady_now;
    known = entry;
  }
  if (known->expires_at && now >= known->expires_at)
    return make_error(ErrorKind::Unauthorized, "token_expired",
                      N_("This access token has expired; ask the service desk for a new one."));
  // The last use is written at most once a minute per token: a write per request would
  // queue behind every report.
  if (now - known->use_recorded_at >= 60) {
    {
      std::unique_lock<std::shared_mutex> lock(tokens_mutex_);
      if (auto it = known_tokens_.find(hash); it != known_tokens_.end()) it->second.use_recorded_at = now;
    }
    store_.access().record_token_use(known->identity.token_id, now);
  }
  return known->identity;
}

std::vector<TokenInfo> AccessService::tokens() { return store_.access().list_tokens(); }

bool AccessService::revoke_token(std::int64_t token_id) {
  bool found = store_.access().revoke_token(token_id, clock_());
  // This process forgets at once; other processes within kTokenRecheck.
  std::unique_lock<std::shared_mutex> lock(tokens_mutex_);
  for (auto it = known_tokens_.begin(); it != known_tokens_.end();)
    it = it->second.identity.token_id == token_id ? known_tokens_.erase(it) : std::next(it);
  return found;
}

}  // namespace tk::server
