#include "tk/sync_engine.h"

#include <algorithm>
#include <future>

#include "tk/logging.h"
#include "tk/time.h"

namespace tk {

std::chrono::milliseconds backoff_delay(int failures, const SyncOptions& options, std::mt19937& random) {
  double base = static_cast<double>(options.backoff_initial.count());
  for (int i = 1; i < failures && base < options.backoff_max.count(); ++i) base *= 2;
  base = std::min(base, static_cast<double>(options.backoff_max.count()));
  std::uniform_real_distribution<double> spread(0.8, 1.2);
  return std::chrono::milliseconds(static_cast<std::int64_t>(base * spread(random)));
}

bool is_transient(const Error& e) {
  switch (e.kind) {
    case ErrorKind::Offline:
    case ErrorKind::Timeout:
    case ErrorKind::TooManyRequests:
    case ErrorKind::Internal:
    case ErrorKind::Unavailable: return true;
    default: return false;
  }
}

SyncEngine::SyncEngine(ClientStore& store, ApiClient& api, SyncOptions options, SyncObserver* observer, Clock clock)
    : store_(store),
      api_(api),
      options_(options),
      observer_(observer),
      clock_(clock ? std::move(clock) : Clock(now_seconds)),
      random_(std::random_device{}()) {}

SyncEngine::~SyncEngine() { stop(); }

OutboxEntry SyncEngine::submit(const NewTicket& report) {
  auto entry = store_.add_to_outbox(report, clock_());
  tell_outbox();
  trigger();
  return entry;
}

bool SyncEngine::resubmit(const std::string& local_id, const NewTicket& report) {
  bool replaced = store_.replace_report(local_id, report);
  if (replaced) {
    tell_outbox();
    trigger();
  }
  return replaced;
}

bool SyncEngine::discard(const std::string& local_id) {
  bool dropped = store_.discard(local_id);
  if (dropped) tell_outbox();
  return dropped;
}

QueuedAction SyncEngine::submit_action(const std::string& tk, const EventRequest& event) {
  auto action = store_.add_action(tk, event, clock_());
  tell_outbox();
  trigger();
  return action;
}

bool SyncEngine::discard_action(const std::string& local_id) {
  bool dropped = store_.discard_action(local_id);
  if (dropped) tell_outbox();
  return dropped;
}

void SyncEngine::submit_kb_feedback(std::int64_t article_id, bool helpful) {
  store_.add_kb_feedback(article_id, helpful, clock_());
  trigger();
}

void SyncEngine::send_kb_feedback_locked(bool stopped) {
  if (stopped) return;
  const std::string identity = store_.identity();
  for (const auto& f : store_.kb_feedback()) {
    if (!f.identity.empty() && f.identity != identity) continue;
    auto sent = api_.kb_feedback(f.article_id, f.helpful, f.idempotency_key);
    if (!sent && (is_transient(sent.error()) || sent.error().kind == ErrorKind::Unauthorized)) return;
    // Recorded, or refused for good (the article was withdrawn): either way nothing to resend.
    if (!sent)
      log::warning("sync", "feedback on article " + std::to_string(f.article_id) + " refused: " + sent.error().code);
    store_.remove_kb_feedback(f.seq);
  }
}

void SyncEngine::tell_outbox() {
  if (!observer_) return;
  int pending = 0, refused = 0;
  const std::string identity = store_.identity();
  for (const auto& e : store_.outbox()) {
    if (e.filed_under_other_identity(identity)) continue;  // not this server and token's to send
    (e.state == OutboxState::Pending ? pending : refused)++;
  }
  for (const auto& a : store_.actions()) {
    if (a.filed_under_other_identity(identity)) continue;
    (a.state == OutboxState::Pending ? pending : refused)++;
  }
  observer_->on_outbox_changed(pending, refused);
}

void SyncEngine::set_online(bool online) {
  bool was = online_.exchange(online);
  if (online_known_ && was == online) return;
  online_known_ = true;
  log::info("sync", online ? "server reachable" : "server unreachable");
  if (observer_) observer_->on_connection_changed(online);
}

SyncResult SyncEngine::send_outbox() {
  std::lock_guard<std::mutex> lock(run_mutex_);
  return send_outbox_locked();
}

SyncResult SyncEngine::pull() {
  std::lock_guard<std::mutex> lock(run_mutex_);
  return pull_locked();
}

SyncResult SyncEngine::send_outbox_locked() {
  SyncResult result;
  bool outbox_changed = false;
  // Answers are stored in small groups: one transaction per group instead of per report.
  // A crash before a group is stored only means those reports are sent again with their
  // keys, and the server answers with the tickets it already made.
  std::vector<ClientStore::Sent> answered;
  auto store_answered = [&] {
    if (answered.empty()) return;
    store_.record_sent(answered, clock_());
    for (const auto& s : answered) {
      log::info("sync", "report " + s.local_id + " sent as " + s.ticket.tk);
      if (observer_) observer_->on_report_sent(s.local_id, s.ticket);
    }
    answered.clear();
  };
  auto group_started = std::chrono::steady_clock::now();
  std::vector<OutboxEntry> pending;
  const std::string identity = store_.identity();
  for (auto& entry : store_.outbox()) {
    if (entry.state != OutboxState::Pending)
      ++result.refused_left;
    else if (entry.filed_under_other_identity(identity))
      ++result.other_identity_left;  // filed under another server or token: waits for it
    else
      pending.push_back(std::move(entry));
  }
  const std::size_t window = static_cast<std::size_t>(std::max(1, options_.send_window));
  bool stopped = false;
  for (std::size_t first = 0; first < pending.size(); first += window) {
    if (stopped) {
      result.pending_left += static_cast<int>(pending.size() - first);
      break;
    }
    std::size_t last = std::min(pending.size(), first + window);
    std::vector<std::future<Result<CreateOutcome>>> answers;
    for (std::size_t i = first; i < last; ++i)
      answers.push_back(std::async(std::launch::async, [this, &entry = pending[i]] {
        return api_.create(entry.report, entry.idempotency_key);
      }));
    for (std::size_t i = first; i < last; ++i) {
      const OutboxEntry& entry = pending[i];
      auto created = answers[i - first].get();
      if (created) {
        result.reached_server = true;
        answered.push_back({entry.local_id, std::move(created->ticket)});
        ++result.sent;
        outbox_changed = true;
        continue;
      }
      store_answered();
      const Error& e = created.error();
      store_.mark_attempt(entry.local_id);
      if (reached_server(e)) result.reached_server = true;
      if (is_transient(e) || e.kind == ErrorKind::Unauthorized) {
        ++result.pending_left;
        if (e.kind == ErrorKind::Unauthorized && observer_) observer_->on_unauthorized(e);
        // Unreachable, too busy or not allowed: the same for every report, so stop. A failure
        // of this one report (a server error, an answer not from the API) must not hold up
        // the ones behind it: it stays queued and the run goes on.
        bool stops_the_run =
            !reached_server(e) || e.kind == ErrorKind::TooManyRequests || e.kind == ErrorKind::Unauthorized;
        if (stops_the_run || !result.failure) result.failure = e;
        if (stops_the_run) stopped = true;
        continue;
      }
      // Refused as it is: kept, with the server's reason, for the user to correct.
      store_.mark_refused(entry.local_id, e);
      ++result.refused;
      ++result.refused_left;
      outbox_changed = true;
      log::warning("sync", "report " + entry.local_id + " refused: " + e.code);
      if (observer_) observer_->on_report_refused(entry.local_id, e);
    }
    if (answered.size() >= 100 || std::chrono::steady_clock::now() - group_started > std::chrono::milliseconds(250)) {
      store_answered();
      group_started = std::chrono::steady_clock::now();
    }
  }
  store_answered();
  if (outbox_changed) tell_outbox();
  send_actions_locked(result, stopped);
  send_kb_feedback_locked(stopped || (result.failure && !reached_server(*result.failure)));
  return result;
}

void SyncEngine::send_actions_locked(SyncResult& result, bool stopped) {
  const std::string identity = store_.identity();
  bool changed = false;
  for (const auto& action : store_.actions()) {
    if (action.state != OutboxState::Pending) {
      ++result.refused_left;
      continue;
    }
    if (action.filed_under_other_identity(identity)) {
      ++result.other_identity_left;
      continue;
    }
    if (stopped) {
      ++result.pending_left;
      continue;
    }
    // One at a time, in the order the user made them: an answer before the comment after it.
    auto ticket = api_.post_event(action.tk, action.event, action.idempotency_key);
    if (ticket) {
      result.reached_server = true;
      store_.record_action_sent(action.local_id, *ticket, clock_());
      ++result.sent;
      changed = true;
      log::info("sync", "action " + action.local_id + " (" + std::string(to_string(action.event.action)) + " " +
                            action.tk + ") sent");
      if (observer_) observer_->on_action_sent(action, *ticket);
      continue;
    }
    const Error& e = ticket.error();
    store_.mark_action_attempt(action.local_id);
    if (reached_server(e)) result.reached_server = true;
    if (is_transient(e) || e.kind == ErrorKind::Unauthorized) {
      ++result.pending_left;
      if (e.kind == ErrorKind::Unauthorized && observer_) observer_->on_unauthorized(e);
      // Unlike reports, actions stop at any failure: they must reach the server in the order
      // the user made them (a rating sent before its confirmation would be refused).
      result.failure = e;
      stopped = true;
      continue;
    }
    // Refused as it is (the desk closed the ticket meanwhile, say): kept with the reason.
    store_.mark_action_refused(action.local_id, e);
    ++result.refused;
    ++result.refused_left;
    changed = true;
    log::warning("sync", "action " + action.local_id + " refused: " + e.code);
    if (observer_) observer_->on_action_refused(action, e);
  }
  if (changed) tell_outbox();
}

SyncResult SyncEngine::pull_locked() {
  SyncResult result;
  ListQuery query;
  query.mine = true;
  query.since = store_.cursor();
  query.limit = options_.page_size;
  for (;;) {
    auto page = api_.list(query);
    if (!page) {
      if (reached_server(page.error())) result.reached_server = true;
      result.failure = page.error();
      if (page.error().kind == ErrorKind::Unauthorized && observer_) observer_->on_unauthorized(page.error());
      return result;
    }
    result.reached_server = true;
    std::int64_t now = clock_();
    bool last_page = !page->more || page->cursor == query.since;
    for (const auto& change : store_.store_pulled(page->tickets, page->cursor, now, last_page))
      if (observer_) observer_->on_ticket_changed(change);
    result.pulled += static_cast<int>(page->tickets.size());
    if (!page->more || page->cursor == query.since) break;
    query.since = page->cursor;
  }
  if (observer_) observer_->on_synced(clock_());
  return result;
}

Result<Ticket> SyncEngine::act(const std::string& tk, const EventRequest& request) {
  auto ticket = api_.post_event(tk, request);
  if (!ticket) {
    if (!reached_server(ticket.error())) set_online(false);
    return ticket;
  }
  store_.store_ticket(*ticket, clock_());
  return ticket;
}

bool SyncEngine::refresh_knowledge_base() {
  std::string cursor = store_.kb_cursor();
  // A bound on one run: a first copy of 5,000 articles is ten pages.
  for (int page = 0; page < 100; ++page) {
    auto delta = api_.kb_delta(cursor, 500);
    if (!delta) {
      if (delta.error().code != "no_route") log::info("sync", "knowledge base not refreshed: " + delta.error().code);
      return false;
    }
    store_.store_articles(delta->articles, delta->removed, delta->cursor);
    if (!delta->more || delta->cursor == cursor) break;
    cursor = delta->cursor;
  }
  return true;
}

bool SyncEngine::refresh_catalog() {
  auto catalog = api_.catalog();
  if (!catalog) return false;
  store_.store_catalog(*catalog, clock_());
  return true;
}

SyncResult SyncEngine::sync_now() {
  std::lock_guard<std::mutex> lock(run_mutex_);
  SyncResult result = send_outbox_locked();
  bool can_pull = options_.pull_changes && (!result.failure || reached_server(*result.failure));
  if (can_pull && (!result.failure || result.failure->kind != ErrorKind::Unauthorized)) {
    SyncResult pulled = pull_locked();
    result.pulled = pulled.pulled;
    result.reached_server = result.reached_server || pulled.reached_server;
    if (!result.failure) result.failure = pulled.failure;
    if (pulled.reached_server && !store_.catalog()) refresh_catalog();
  }
  bool reachable = result.reached_server && (!result.failure || result.failure->kind != ErrorKind::Unauthorized);
  if (options_.sync_knowledge_base && (reachable || (!result.failure && !options_.pull_changes)))
    if (refresh_knowledge_base()) result.reached_server = true;
  if (!options_.pull_changes && !result.reached_server && !result.failure) {
    // Nothing was sent and nothing pulled: ask the server whether it is there at all.
    auto health = api_.health();
    result.reached_server = health.ok() || reached_server(health.error());
  }
  set_online(result.reached_server);
  return result;
}

namespace {

// After the report is saved: sent at once if the server answers, else queued (or refused).
FiledReport sent_or_queued(SyncEngine& engine, ClientStore& store, FiledReport filed) {
  auto sent = engine.send_outbox();
  if (auto tk_number = store.tk_for_local_id(filed.local_id)) {
    filed.outcome = FiledReport::Outcome::Sent;
    filed.tk = *tk_number;
    if (auto cached = store.ticket(*tk_number)) filed.ticket = std::move(cached->ticket);
    return filed;
  }
  if (auto still = store.outbox_entry(filed.local_id); still && still->state == OutboxState::Refused) {
    filed.outcome = FiledReport::Outcome::Refused;
    filed.refusal = still->refusal;
    return filed;
  }
  filed.outcome = FiledReport::Outcome::Queued;
  filed.send_failure = sent.failure;
  return filed;
}

}  // namespace

FiledAction file_action(SyncEngine& engine, ClientStore& store, const std::string& tk, const EventRequest& event) {
  FiledAction filed;
  try {
    filed.local_id = engine.submit_action(tk, event).local_id;
  } catch (const std::exception& e) {
    log::error("outbox", std::string("an action could not be saved: ") + e.what());
    filed.outcome = FiledAction::Outcome::Refused;
    filed.refusal = make_error(ErrorKind::Internal, "not_saved",
                               {"No se pudo guardar en este equipo (" + std::string(e.what()) + "). Intente de nuevo.",
                                "It could not be saved on this computer (" + std::string(e.what()) + "). Try again."});
    return filed;
  }
  try {
    auto sent = engine.send_outbox();
    if (auto still = store.action(filed.local_id)) {
      if (still->state == OutboxState::Refused) {
        // The user hears the reason now: nothing is left waiting to be read later.
        filed.outcome = FiledAction::Outcome::Refused;
        filed.refusal = still->refusal;
        engine.discard_action(filed.local_id);
      } else {
        filed.outcome = FiledAction::Outcome::Queued;
        filed.send_failure = sent.failure;
      }
      return filed;
    }
    filed.outcome = FiledAction::Outcome::Sent;
    if (auto cached = store.ticket(tk)) filed.ticket = std::move(cached->ticket);
    return filed;
  } catch (const std::exception& e) {
    log::error("outbox", std::string("after saving an action: ") + e.what());
    filed.outcome = FiledAction::Outcome::Queued;
    filed.send_failure = make_error(ErrorKind::Internal, "cache_unreadable", {e.what(), e.what()});
    return filed;
  }
}

FiledReport file_report(SyncEngine& engine, ClientStore& store, const NewTicket& report) {
  FiledReport filed;
  try {
    filed.local_id = engine.submit(report).local_id;
  } catch (const std::exception& e) {
    // Not saved anywhere: the person must hear it now, with the report still in the form.
    log::error("outbox", std::string("a report could not be saved: ") + e.what());
    filed.outcome = FiledReport::Outcome::Refused;
    filed.refusal = make_error(ErrorKind::Internal, "not_saved",
                               {"El reporte no se pudo guardar en este equipo (" + std::string(e.what()) +
                                    "). Intente de nuevo; si se repite, llame a la mesa de servicios.",
                                "The report could not be saved on this computer (" + std::string(e.what()) +
                                    "). Try again; if it happens again, call the service desk."});
    return filed;
  }
  try {
    return sent_or_queued(engine, store, filed);
  } catch (const std::exception& e) {
    // Saved: a later sync sends it.
    log::error("outbox", std::string("after saving a report: ") + e.what());
    filed.outcome = FiledReport::Outcome::Queued;
    filed.send_failure = make_error(ErrorKind::Internal, "cache_unreadable", {e.what(), e.what()});
    return filed;
  }
}

void SyncEngine::start() {
  std::lock_guard<std::mutex> lock(wake_mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void SyncEngine::stop() {
  {
    std::lock_guard<std::mutex> lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SyncEngine::trigger() {
  {
    std::lock_guard<std::mutex> lock(wake_mutex_);
    triggered_ = true;
  }
  wake_.notify_all();
}

void SyncEngine::loop() {
  int failures = 0;
  for (;;) {
    SyncResult result;
    try {
      result = sync_now();
    } catch (const std::exception& e) {
      // A cache that cannot be written is not a reason to stop trying; say it and retry.
      log::error("sync", std::string("sync run failed: ") + e.what());
      result.failure = make_error(ErrorKind::Internal, "sync_failed", {e.what(), e.what()});
    }
    std::chrono::milliseconds delay;
    if (result.failure && is_transient(*result.failure)) {
      delay = backoff_delay(++failures, options_, random_);
    } else {
      failures = 0;
      std::uniform_real_distribution<double> spread(0.9, 1.1);
      delay = std::chrono::milliseconds(
          static_cast<std::int64_t>(static_cast<double>(options_.poll_interval.count()) * spread(random_)));
    }
    std::unique_lock<std::mutex> lock(wake_mutex_);
    wake_.wait_for(lock, delay, [this] { return stopping_ || triggered_; });
    if (stopping_) return;
    triggered_ = false;
  }
}

}  // namespace tk
