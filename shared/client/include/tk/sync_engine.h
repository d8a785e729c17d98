// The sync engine (docs/design.md section 5): the only writer of the client's cache. It sends
// the outbox in order, each report with its idempotency key, so a crash or a lost answer
// leads to a resend that the server answers with the same ticket: exactly one ticket per
// report. It pulls changes with the cursor, backs off on failures, and tells the UI what
// happened through SyncObserver (called on the engine's thread: a UI marshals to its own).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "tk/api_client.h"
#include "tk/client_store.h"

namespace tk {

class SyncObserver {
 public:
  virtual ~SyncObserver() = default;
  virtual void on_ticket_changed(const TicketChange&) {}
  virtual void on_outbox_changed(int pending, int refused) { (void)pending, (void)refused; }
  virtual void on_connection_changed(bool online) { (void)online; }
  virtual void on_report_sent(const std::string& local_id, const Ticket&) { (void)local_id; }
  virtual void on_report_refused(const std::string& local_id, const Error&) { (void)local_id; }
  // A queued action of the user reached the server (`ticket` as it is now), or was refused.
  virtual void on_action_sent(const QueuedAction&, const Ticket&) {}
  virtual void on_action_refused(const QueuedAction&, const Error&) {}
  virtual void on_synced(std::int64_t confirmed_at) { (void)confirmed_at; }
  virtual void on_unauthorized(const Error&) {}
};

struct SyncOptions {
  std::chrono::milliseconds poll_interval{60'000};
  std::chrono::milliseconds backoff_initial{1'000};
  std::chrono::milliseconds backoff_max{300'000};
  int page_size = 500;
  // Reports sent at once: dispatched in outbox order, answers handled in that order. More
  // than one lets the server commit them together; ordering of TKs within a window is the
  // server's arrival order.
  int send_window = 4;
  // Kiosks send their outbox and nothing else: a kiosk token cannot list tickets, and a
  // shared screen keeps nobody's tickets.
  bool pull_changes = true;
  // Keeps the knowledge base's published articles for offline search (kiosks too: they
  // suggest articles while a person types).
  bool sync_knowledge_base = true;
};

// Reports and the user's queued actions together: both are "what this computer still has
// to send".
struct SyncResult {
  bool reached_server = false;
  int sent = 0;
  int refused = 0;
  int pulled = 0;
  int pending_left = 0;
  int refused_left = 0;
  // Saved under another server or token: sent only under those, so not this run's to send.
  int other_identity_left = 0;
  std::optional<Error> failure;  // why the run stopped early (offline, timeout, unauthorised...)
  bool everything_sent() const { return pending_left == 0 && refused_left == 0; }
};

// Delay before retry number `failures` (1 for the first): about initial * 2^(failures-1),
// capped at max, spread by +-20 % so that many clients do not retry in step.
std::chrono::milliseconds backoff_delay(int failures, const SyncOptions&, std::mt19937& random);

// What became of a report the user just filed (see file_report()).
struct FiledReport {
  enum class Outcome { Sent, Queued, Refused } outcome = Outcome::Queued;
  std::string local_id;
  std::string tk;                // Sent: the TK the server gave it
  std::optional<Ticket> ticket;  // Sent: the server's ticket
  // Refused: the server's reason (the report is kept); or, with no local_id, why it could
  // not even be saved on this computer (code "not_saved": the form keeps it, to try again).
  Error refusal;
  std::optional<Error> send_failure;  // Queued: why it could not be sent now
};

// Saves the report durably, then tries to send the outbox at once: the one place where
// "the TK at once, or Guardado; se enviará al recuperar la conexión" is decided, for the
// tray, the kiosk and tkctl alike. Blocks for the network: call it off the UI thread.
// Never throws: a failure of the cache file comes back in the result.
FiledReport file_report(class SyncEngine&, ClientStore&, const NewTicket&);

// What became of a user's action on a ticket (see file_action()).
struct FiledAction {
  enum class Outcome { Sent, Queued, Refused } outcome = Outcome::Queued;
  std::string local_id;
  std::optional<Ticket> ticket;       // Sent: the ticket as the server has it now
  Error refusal;                      // Refused: the server's reason, or "not_saved"
  std::optional<Error> send_failure;  // Queued: why it could not be sent now
};

// The user's answer, comment, confirmation, rating or reopening: saved durably first, then
// sent with the rest of the outbox at once (exactly once, under its own key), or queued
// until the connection is back. Blocks for the network: call it off the UI thread.
FiledAction file_action(class SyncEngine&, ClientStore&, const std::string& tk, const EventRequest&);

// Whether a failure may pass by itself (retry later) or the server refused the report as it
// is (keep it for the user to correct).
bool is_transient(const Error&);

class SyncEngine {
 public:
  using Clock = std::function<std::int64_t()>;
  SyncEngine(ClientStore& store, ApiClient& api, SyncOptions options = {}, SyncObserver* observer = nullptr,
             Clock clock = nullptr);
  ~SyncEngine();

  // Saves a report durably in the outbox and wakes the background loop if it runs.
  OutboxEntry submit(const NewTicket&);
  // Corrects a refused report and queues it again.
  bool resubmit(const std::string& local_id, const NewTicket&);
  // Drops a report the server refused (the user gave up on it or filed it anew).
  bool discard(const std::string& local_id);
  // Saves a user's action durably and wakes the background loop.
  QueuedAction submit_action(const std::string& tk, const EventRequest&);
  // Drops an action the server refused.
  bool discard_action(const std::string& local_id);
  // A knowledge-base article solved (or did not solve) the person's problem: kept and sent
  // once with the outbox (a helpful one is a report not needed: a deflection).
  void submit_kb_feedback(std::int64_t article_id, bool helpful);

  // One run on the calling thread: send the outbox, then pull changes. Runs never overlap:
  // a call waits for a run in progress (the background loop's, say) to finish.
  SyncResult sync_now();
  SyncResult send_outbox();
  SyncResult pull();
  // A desk move (take, escalate, resolve...): sent at once, and the ticket the server
  // returns is kept in the cache. Needs the server: fails offline. The user's own moves go
  // through file_action() instead, which queues them.
  Result<Ticket> act(const std::string& tk, const EventRequest&);
  // Refreshes the cached catalog; false when the server could not be reached.
  bool refresh_catalog();
  // Brings the cached knowledge base up to date (its delta); false when the server could
  // not be reached or has no knowledge base (an older server).
  bool refresh_knowledge_base();

  // The background loop: runs at start, after submit() or trigger(), every poll interval
  // (with jitter) and, after a failure, on the backoff schedule.
  void start();
  void stop();
  void trigger();
  bool online() const { return online_; }

 private:
  SyncResult send_outbox_locked();
  // The queued actions, in order, after the reports; adds to `result`. `stopped`: the
  // reports found the server unreachable, so the actions are only counted.
  void send_actions_locked(SyncResult& result, bool stopped);
  void send_kb_feedback_locked(bool stopped);
  SyncResult pull_locked();
  void loop();
  void set_online(bool online);
  void tell_outbox();

  ClientStore& store_;
  ApiClient& api_;
  SyncOptions options_;
  SyncObserver* observer_;
  Clock clock_;
  std::mutex run_mutex_;  // one run at a time, background or requested
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool triggered_ = false;
  bool stopping_ = false;
  std::atomic<bool> online_{false};
  bool online_known_ = false;
  std::thread thread_;
  std::mt19937 random_;
};

}  // namespace tk
