// Tokens and enrolment codes: who may call the API, kept as hashes.
#include "access/access_store.h"

#include "tk/time.h"

namespace tk::server {

std::int64_t AccessStore::add_token(const std::string& hash, const Identity& id, std::int64_t expires_at) {
  return db_.write<std::int64_t>([hash, id, expires_at](Connection& conn) {
    Query q = conn.query(
        "INSERT INTO tokens (hash, role, employee, name, created_at, login, group_id, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, hash);
    q.bind(2, std::string(to_string(id.role)));
    q.bind(3, id.employee);
    q.bind(4, id.name);
    q.bind(5, now_seconds());
    q.bind(6, id.login);
    q.bind(7, id.group);
    q.bind(8, expires_at);
    q.exec();
    return conn.db().getLastInsertRowid();
  });
}

namespace {
// A computer enrolled again (a new code, the account signed in again) replaces its token:
// the older ones of the same employee and device are revoked in the same transaction, so
// that signing in over and over does not mint a pile of live tokens (issue 25).
void revoke_same_device(Connection& conn, const std::string& employee, const std::string& device, std::int64_t now) {
  if (device.empty()) return;  // a computer that did not say which it is replaces nothing
  Query q = conn.query(
      "UPDATE tokens SET revoked_at = ? WHERE role = 'employee' AND employee = ? AND device = ? AND revoked_at = 0");
  q.bind(1, now);
  q.bind(2, employee);
  q.bind(3, device);
  q.exec();
}
}  // namespace

std::int64_t AccessStore::replace_device_token(const std::string& hash, const Identity& id, const std::string& device,
                                               std::int64_t now) {
  return db_.write<std::int64_t>([hash, id, device, now](Connection& conn) {
    revoke_same_device(conn, id.employee, device, now);
    Query q = conn.query(
        "INSERT INTO tokens (hash, role, employee, name, created_at, login, group_id, expires_at, device) "
        "VALUES (?, 'employee', ?, ?, ?, '', '', 0, ?)");
    q.bind(1, hash);
    q.bind(2, id.employee);
    q.bind(3, id.name);
    q.bind(4, now);
    q.bind(5, device);
    q.exec();
    return conn.db().getLastInsertRowid();
  });
}

std::int64_t AccessStore::add_enrolment(const std::string& code_hash, const std::string& employee,
                                        const std::string& name, std::int64_t created_at, std::int64_t expires_at) {
  return db_.write<std::int64_t>([=](Connection& conn) {
    Query q = conn.query(
        "INSERT INTO enrolment_codes (code_hash, employee, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
    q.bind(1, code_hash);
    q.bind(2, employee);
    q.bind(3, name);
    q.bind(4, created_at);
    q.bind(5, expires_at);
    q.exec();
    return conn.db().getLastInsertRowid();
  });
}

std::optional<Identity> AccessStore::redeem_enrolment(const std::string& code_hash, const std::string& token_hash,
                                                      const std::string& device, std::int64_t now) {
  return db_.write<std::optional<Identity>>([=](Connection& conn) -> std::optional<Identity> {
    // Used once: the code is taken and its token made in one transaction.
    Query take = conn.query(
        "UPDATE enrolment_codes SET used_at = ? WHERE code_hash = ? AND used_at = 0 AND expires_at > ? "
        "RETURNING id, employee, name");
    take.bind(1, now);
    take.bind(2, code_hash);
    take.bind(3, now);
    if (!take.executeStep()) return std::nullopt;
    std::int64_t code_id = take.getColumn(0).getInt64();
    Identity id;
    id.role = Role::Employee;
    id.employee = take.getColumn(1).getString();
    id.name = take.getColumn(2).getString();
    while (take.executeStep()) {
    }
    // The device in the token's name tells an administrator's token list which one it is.
    std::string token_name = device.empty() ? id.name : id.name + " (" + device + ")";
    revoke_same_device(conn, id.employee, device, now);
    Query token = conn.query(
        "INSERT INTO tokens (hash, role, employee, name, created_at, login, group_id, expires_at, device) "
        "VALUES (?, 'employee', ?, ?, ?, '', '', 0, ?)");
    token.bind(1, token_hash);
    token.bind(2, id.employee);
    token.bind(3, token_name);
    token.bind(4, now);
    token.bind(5, device);
    token.exec();
    id.token_id = conn.db().getLastInsertRowid();
    Query link = conn.query("UPDATE enrolment_codes SET token_id = ? WHERE id = ?");
    link.bind(1, id.token_id);
    link.bind(2, code_id);
    link.exec();
    return id;
  });
}

bool AccessStore::enrolment_open(const std::string& code_hash, std::int64_t now) {
  auto reader = db_.lease();
  Query q = (*reader).query("SELECT 1 FROM enrolment_codes WHERE code_hash = ? AND used_at = 0 AND expires_at > ?");
  q.bind(1, code_hash);
  q.bind(2, now);
  return q.executeStep();
}

std::vector<EnrolmentInfo> AccessStore::list_enrolments() {
  std::vector<EnrolmentInfo> out;
  auto reader = db_.lease();
  Query q = (*reader).query(
      "SELECT id, employee, name, created_at, expires_at, used_at, COALESCE(token_id, 0) FROM enrolment_codes "
      "ORDER BY id");
  while (q.executeStep())
    out.push_back(EnrolmentInfo{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                                q.getColumn(3).getInt64(), q.getColumn(4).getInt64(), q.getColumn(5).getInt64(),
                                q.getColumn(6).getInt64()});
  return out;
}

std::optional<StoredToken> AccessStore::find_token(const std::string& hash) {
  auto reader = db_.lease();
  Connection& conn = *reader;
  Query q =
      conn.query("SELECT id, role, employee, name, login, group_id, expires_at, revoked_at FROM tokens WHERE hash = ?");
  q.bind(1, hash);
  if (!q.executeStep()) return std::nullopt;
  StoredToken token;
  Identity& id = token.identity;
  id.token_id = q.getColumn(0).getInt64();
  id.role = parse_role(q.getColumn(1).getString()).value_or(Role::Employee);
  id.employee = q.getColumn(2).getString();
  id.name = q.getColumn(3).getString();
  id.login = q.getColumn(4).getString();
  id.group = q.getColumn(5).getString();
  token.expires_at = q.getColumn(6).getInt64();
  token.revoked_at = q.getColumn(7).getInt64();
  return token;
}

std::vector<TokenInfo> AccessStore::list_tokens() {
  auto reader = db_.lease();
  Connection& conn = *reader;
  Query q = conn.query(
      "SELECT id, role, name, login, employee, group_id, created_at, last_used_at, expires_at, revoked_at "
      "FROM tokens ORDER BY id");
  std::vector<TokenInfo> out;
  while (q.executeStep()) {
    TokenInfo t;
    t.id = q.getColumn(0).getInt64();
    t.role = parse_role(q.getColumn(1).getString()).value_or(Role::Employee);
    t.name = q.getColumn(2).getString();
    t.login = q.getColumn(3).getString();
    t.employee = q.getColumn(4).getString();
    t.group = q.getColumn(5).getString();
    t.created_at = q.getColumn(6).getInt64();
    t.last_used_at = q.getColumn(7).getInt64();
    t.expires_at = q.getColumn(8).getInt64();
    t.revoked_at = q.getColumn(9).getInt64();
    out.push_back(std::move(t));
  }
  return out;
}

bool AccessStore::revoke_token(std::int64_t token_id, std::int64_t at) {
  return db_.write<bool>([token_id, at](Connection& conn) {
    // The first revocation's time stays: revoking again changes nothing.
    Query q = conn.query(
        "UPDATE tokens SET revoked_at = CASE WHEN revoked_at = 0 THEN ? ELSE revoked_at END "
        "WHERE id = ?");
    q.bind(1, at);
    q.bind(2, token_id);
    return q.exec() > 0;
  });
}

void AccessStore::record_token_use(std::int64_t token_id, std::int64_t at) {
  db_.post([token_id, at](Connection& conn) {
    Query q = conn.query("UPDATE tokens SET last_used_at = ? WHERE id = ? AND last_used_at < ?");
    q.bind(1, at);
    q.bind(2, token_id);
    q.bind(3, at);
    q.exec();
  });
}

std::optional<Identity> AccessStore::find_agent(const std::string& login) {
  auto reader = db_.lease();
  Connection& conn = *reader;
  Query q = conn.query(
      "SELECT id, role, name, group_id FROM tokens WHERE login = ? AND role IN ('agent', 'admin') "
      "ORDER BY id DESC LIMIT 1");
  q.bind(1, login);
  if (!q.executeStep()) return std::nullopt;
  Identity id;
  id.token_id = q.getColumn(0).getInt64();
  id.role = parse_role(q.getColumn(1).getString()).value_or(Role::Agent);
  id.name = q.getColumn(2).getString();
  id.login = login;
  id.group = q.getColumn(3).getString();
  return id;
}

}  // namespace tk::server
