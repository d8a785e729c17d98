// The tray application without its main(): owns the cache, the sync engine, the tray icon
// and the windows, and is what the GUI tests drive. Engine events arrive on the engine's
// thread and are passed to the UI thread with CallAfter.
#pragma once

#include <wx/string.h>
#include <wx/weakref.h>

#include <atomic>
#include <exception>
#include <deque>
#include <map>
#include <functional>
#include <mutex>
#include <set>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tk/api_client.h"
#include "tk/client_session.h"
#include "tk/background_work.h"
#include "tk/client_store.h"
#include "tk/sync_engine.h"
#include "desk_watch.h"
#include "settings_dialog.h"
#include "tray_settings.h"
#include "tray_status.h"

class wxNotificationMessage;
class wxTimer;

namespace tk::tray {

class QueueWindow;
class ReportWindow;
class TicketsWindow;
class TrayIcon;

enum class ReportKind { Fault, ServiceRequest, Security };

struct TrayOptions {
  TraySettings settings;
  std::string settings_path;
  // What the command line or the environment set for this run only (already applied to
  // `settings`): never written to the settings file.
  Overrides overrides;
  std::string data_dir;  // empty: the user's data folder
  bool show_tray_icon = true;
};

class SatisfactionWindow;

class TrayController {
 public:
  explicit TrayController(TrayOptions options);
  ~TrayController();

  void start();  // starts the engine and the icon
  void shutdown();

  ReportWindow* show_report(ReportKind);
  TicketsWindow* show_tickets(const std::string& select_tk = {});
  // "¿Quedó resuelto?" for a resolved ticket of the user's (from the cache); otherwise
  // "My tickets" on that ticket (it moved on meanwhile). Null when it shows My tickets.
  SatisfactionWindow* show_satisfaction(const std::string& tk);
  // What a click on a notification opens.
  void open_notification(const Notification&);
  void show_settings();
  // The settings dialog's enrolment: a one-time code traded for a token at that server
  // (on the dialog's thread), and the token kept at once (on the GUI thread).
  SettingsDialog::Enroller enroller() const;
  SettingsDialog::Keeper keeper();
  void sync_now();
  // Handles a "--show report|tickets" request (from the command line or another instance).
  void show(const std::string& what);

  // What windows read and use.
  ClientStore& store() { return session_->store(); }
  // A read or write of the local cache for a window. A failure of the file itself (a full disk, a
  // damaged database) is logged and comes back as an Error for the window to show where the
  // data would have been: it never reaches wx's event loop.
  template <typename Read>
  auto with_cache(Read&& read) -> Result<decltype(read(std::declval<ClientStore&>()))> {
    try {
      return read(store());
    } catch (const std::exception& e) {
      return cache_failure(e);
    }
  }
  Error cache_failure(const std::exception&);
  SyncEngine& engine() { return session_->engine(); }
  ApiClient& api() { return session_->api(); }
  const TraySettings& settings() const { return options_.settings; }
  ui::Language language() const { return options_.settings.language; }
  ui::Translate translate() const;
  const Identity& identity() const { return identity_; }
  const TrayStatus& status() const { return status_; }
  Catalog catalog();
  void remember_contact(const Reporter&);
  // Work that waits for the network, off the UI thread; the answer goes to the window
  // only if that window is still open.
  // `replaces`: a refused report of that window, dropped once the corrected one is filed.
  void file_in_background(int window_number, NewTicket, std::string replaces);
  void act_in_background(TicketsWindow*, const std::string& tk, EventRequest);
  void act_in_background(SatisfactionWindow*, const std::string& tk, EventRequest);
  // Runs `work` on the UI thread later, unless the controller is gone by then.
  void on_ui(std::function<void()> work);
  void apply_settings(const TraySettings&, bool start_at_login);

  // Agents and admins with a login (docs/design.md section 9): their queue, read every poll
  // interval, with notifications when a ticket is handed to them or their group and before
  // a stage breaches.
  bool is_desk() const { return identity_.role == Role::Agent || identity_.role == Role::Admin; }
  QueueWindow* show_queue(const std::string& select_tk = {});
  void refresh_queue();
  const std::vector<Ticket>& queue() const { return queue_; }
  int queue_reads() const { return queue_reads_; }  // how many reads of the queue arrived
  std::int64_t queue_read_at() const { return queue_read_at_; }
  // A desk move from "My queue" (take), off the UI thread; the queue is read again after it.
  void desk_act(const std::string& tk, EventRequest);

  // Every notification asked for, newest last; tests read it, the icon shows it.
  const std::vector<Notification>& notifications() const { return notifications_; }
  TrayIcon* icon() { return icon_.get(); }

 private:
  class Observer;
  void open_backend();
  void close_backend();
  void refresh_identity();
  void on_status_changed();
  void notify(const Notification&);
  void file_action_in_background(const std::string& tk, EventRequest,
                                 std::function<void(const std::string& error)> done);
  // Writes the settings, keeping the file's own values where this run was overridden.
  void save();

  TrayOptions options_;
  std::unique_ptr<Observer> observer_;  // outlives the session's engine, which calls it
  std::unique_ptr<ClientSession> session_;
  std::unique_ptr<TrayIcon> icon_;
  Identity identity_;
  // Whether identity_ is the server's answer (else what tray.ini remembered): asked again
  // at every reconnection until it is, so an agent whose tray started offline gets their queue.
  bool identity_confirmed_ = false;
  bool show_queue_when_known_ = false;
  TrayStatus status_;
  std::vector<Notification> notifications_;
  std::deque<std::unique_ptr<wxNotificationMessage>> shown_notifications_;
  void background(std::function<void()> work);

  std::shared_ptr<std::atomic<bool>> alive_ = std::make_shared<std::atomic<bool>>(true);
  BackgroundWork workers_;
  std::set<std::string> announced_queued_;  // local ids the user was told are waiting
  // Every report window still open, by a number of its own: an answer from a worker
  // thread finds its window by number (never by address) or finds nothing.
  std::map<int, wxWeakRef<ReportWindow>> report_windows_;
  int next_report_window_ = 0;
  // Changes when the backend is rebuilt (new server or token): late engine events of the
  // old one are dropped.
  int generation_ = 0;
  std::vector<ReportWindow*> open_report_windows();
  wxWeakRef<TicketsWindow> tickets_window_;
  wxWeakRef<SatisfactionWindow> satisfaction_window_;
  wxWeakRef<QueueWindow> queue_window_;
  std::unique_ptr<DeskWatch> desk_watch_;
  std::vector<Ticket> queue_;
  std::unique_ptr<wxTimer> queue_timer_;
  bool queue_loading_ = false;
  int queue_reads_ = 0;
  std::int64_t queue_read_at_ = 0;
  void start_desk_watch();
  friend class Observer;
};

}  // namespace tk::tray
