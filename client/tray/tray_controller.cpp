#include "tray_controller.h"

#include <wx/app.h>

#include <algorithm>
#include <wx/intl.h>
#include <wx/notifmsg.h>
#include <wx/stdpaths.h>
#include <wx/timer.h>

#include "queue_window.h"
#include "report_window.h"
#include "satisfaction_window.h"
#include "screenshot.h"
#include "settings_dialog.h"
#include "tickets_window.h"
#include "translations.h"
#include "tk/http.h"
#include "tk/logging.h"
#include "tk/platform.h"
#include "tk/service_level.h"
#include "tk/text.h"
#include "tk/time.h"
#include "tray_icon.h"

namespace tk::tray {

// Engine events arrive on the engine's thread; each is carried to the UI thread.
class TrayController::Observer : public SyncObserver {
 public:
  explicit Observer(TrayController& c) : c_(c), generation_(c.generation_) {}
  // Runs `work` on the UI thread if the backend that raised the event is still the current one.
  void later(std::function<void(TrayController&)> work) {
    TrayController* c = &c_;
    int generation = generation_;
    c_.on_ui([c, generation, work = std::move(work)] {
      if (c->generation_ == generation) work(*c);
    });
  }
  void on_ticket_changed(const TicketChange& change) override {
    later([change](TrayController& c) {
      if (auto n = notification_for(change, c.language(), c.translate())) c.notify(*n);
      if (c.tickets_window_) c.tickets_window_->refresh();
    });
  }
  void on_outbox_changed(int pending, int refused) override {
    later([pending, refused](TrayController& c) {
      c.status_.pending = pending;
      c.status_.refused = refused;
      c.on_status_changed();
    });
  }
  void on_connection_changed(bool online) override {
    later([online](TrayController& c) {
      c.status_.known = true;
      c.status_.online = online;
      if (online && !c.identity_confirmed_) c.refresh_identity();
      c.on_status_changed();
    });
  }
  void on_report_sent(const std::string& local_id, const Ticket& ticket) override {
    later([local_id, ticket](TrayController& c) {
      // Only reports the user was told were waiting: the others showed their TK at once.
      if (c.announced_queued_.erase(local_id)) c.notify(sent_notification(local_id, ticket, c.translate()));
      for (auto* w : c.open_report_windows()) w->report_sent(local_id, ticket.tk);
      if (c.tickets_window_) c.tickets_window_->refresh();
    });
  }
  void on_synced(std::int64_t confirmed_at) override {
    later([confirmed_at](TrayController& c) {
      c.status_.last_confirmed_at = confirmed_at;
      c.on_status_changed();
      if (c.tickets_window_) c.tickets_window_->refresh();
    });
  }

 private:
  TrayController& c_;
  int generation_;
};

TrayController::TrayController(TrayOptions options) : options_(std::move(options)) {}

TrayController::~TrayController() { shutdown(); }

ui::Translate TrayController::translate() const {
  return [](const char* english) { return std::string(wxGetTranslation(wxString::FromUTF8(english)).utf8_str()); };
}

void TrayController::on_ui(std::function<void()> work) {
  std::weak_ptr<std::atomic<bool>> alive = alive_;
  wxTheApp->CallAfter([alive, work = std::move(work)] {
    if (auto flag = alive.lock(); flag && *flag) work();
  });
}

void TrayController::background(std::function<void()> work) { workers_.run(std::move(work)); }

std::vector<ReportWindow*> TrayController::open_report_windows() {
  std::vector<ReportWindow*> open;
  for (auto it = report_windows_.begin(); it != report_windows_.end();) {
    if (it->second) {
      open.push_back(it->second.get());
      ++it;
    } else {
      it = report_windows_.erase(it);
    }
  }
  return open;
}

void TrayController::open_backend() {
  const auto& s = options_.settings;
  SessionOptions session;
  session.server_url = s.server_url;
  session.token = s.token;
  session.data_dir = options_.data_dir;
  session.accept_language = ui::accept_language(s.language);
  session.sync.poll_interval = s.poll_interval();
  observer_ = std::make_unique<Observer>(*this);
  session_ = std::make_unique<ClientSession>(session);
  session_->set_observer(observer_.get());
  session_->engine();  // opens the cache now: the windows read it from the start
  if (const auto& opened = session_->open_report(); opened.recovered)
    log::warning("ui", "cache set aside as " + opened.set_aside_as + "; " +
                           std::to_string(opened.outbox_rows_recovered) + " unsent reports recovered");
  identity_ = Identity{};
  identity_confirmed_ = false;
  desk_watch_.reset();
  queue_.clear();
  if (queue_timer_) queue_timer_->Stop();
  identity_.name = s.name;
  identity_.employee = s.employee;
  with_cache([this](ClientStore& store) {
    for (const auto& e : store.outbox())
      if (e.state == OutboxState::Pending) announced_queued_.insert(e.local_id);
    return true;
  });
  status_ = TrayStatus{};
}

void TrayController::close_backend() {
  ++generation_;
  if (session_) session_->engine().stop();
  workers_.join_all();
  session_.reset();
  observer_.reset();
}

void TrayController::start() {
  open_backend();
  if (options_.show_tray_icon) {
    icon_ = std::make_unique<TrayIcon>(*this);
    icon_->show_status(status_);
#ifdef __WXMSW__
    // Balloons from our own icon (toasts on Windows 10 and 11), not a second icon of wx's.
    wxNotificationMessage::UseTaskBarIcon(icon_.get());
#endif
  }
  refresh_identity();
  session_->engine().start();
}

void TrayController::shutdown() {
  if (!*alive_) return;
  *alive_ = false;
  for (auto* w : open_report_windows()) w->Destroy();
  if (tickets_window_) tickets_window_->Destroy();
  if (satisfaction_window_) satisfaction_window_->Destroy();
  if (queue_window_) queue_window_->Destroy();
  if (queue_timer_) queue_timer_->Stop();
  if (icon_) {
#ifdef __WXMSW__
    wxNotificationMessage::UseTaskBarIcon(nullptr);
#endif
    icon_->RemoveIcon();
    icon_.reset();
  }
  close_backend();
  if (wxTheApp && options_.show_tray_icon) wxTheApp->ExitMainLoop();
}

void TrayController::refresh_identity() {
  background([this] {
    auto me = session_->api().me();
    if (!me) return;
    on_ui([this, who = *me] {
      identity_ = who;
      identity_confirmed_ = true;
      if (is_desk()) start_desk_watch();
      if (show_queue_when_known_ && is_desk()) show_queue();
      show_queue_when_known_ = false;
      for (auto* w : open_report_windows()) w->identity_known(who);
      if (options_.settings.name != who.name || options_.settings.employee != who.employee) {
        options_.settings.name = who.name;
        options_.settings.employee = who.employee;
        save();
      }
    });
  });
}

Error TrayController::cache_failure(const std::exception& e) {
  log::error("cache", std::string("reading the local cache failed: ") + e.what());
  std::string said = ui::format(translate()(N_("The cache on this computer could not be read ({}). Close the program "
                                               "and open it again; if it happens again, tell the service desk.")),
                                {e.what()});
  return make_error(ErrorKind::Internal, "cache_unreadable", {said, said});
}

Catalog TrayController::catalog() {
  auto cached = with_cache([](ClientStore& store) { return store.catalog(); });
  return cached && *cached ? **cached : default_catalog();  // a failure is logged: the built-in one
}

void TrayController::remember_contact(const Reporter& r) {
  auto& s = options_.settings;
  if (s.email == r.email && s.phone == r.phone && s.location == r.location) return;
  s.email = r.email;
  s.phone = r.phone;
  s.location = r.location;
  save();
}

void TrayController::save() {
  if (options_.settings_path.empty()) return;
  TraySettings to_save = options_.settings;
  const auto& o = options_.overrides;
  if (!o.server_url.empty() || !o.token.empty() || !o.language.empty()) {
    // A --server, --token or --lang (or TK_SERVER, TK_TOKEN) points one run elsewhere: a
    // test token or server must not stick in the user's file, nor the identity it answers with.
    TraySettings on_disk = load_settings(options_.settings_path, options_.settings.policy);
    if (!o.server_url.empty()) to_save.server_url = on_disk.server_url;
    if (!o.language.empty()) to_save.language = on_disk.language;
    if (!o.token.empty()) {
      to_save.token = on_disk.token;
      to_save.name = on_disk.name;
      to_save.employee = on_disk.employee;
    }
  }
  save_settings(options_.settings_path, to_save);
}

void TrayController::on_status_changed() {
  if (icon_) icon_->show_status(status_);
}

void TrayController::notify(const Notification& n) {
  notifications_.push_back(n);
  log::info("ui", "notification for " + n.tk);
  auto message = std::make_unique<wxNotificationMessage>(wxString::FromUTF8(n.title), wxString::FromUTF8(n.body));
  message->Bind(wxEVT_NOTIFICATION_MESSAGE_CLICK, [this, n](wxCommandEvent&) { open_notification(n); });
  message->Show(wxNotificationMessage::Timeout_Auto);
  // Kept alive so that a click on it still finds its handler; the oldest go.
  shown_notifications_.push_back(std::move(message));
  if (shown_notifications_.size() > 8) shown_notifications_.pop_front();
}

void TrayController::open_notification(const Notification& n) {
  if (n.for_desk)
    show_queue(n.tk);
  else if (n.asks_satisfaction)
    show_satisfaction(n.tk);
  else
    show_tickets(n.tk);
}

SatisfactionWindow* TrayController::show_satisfaction(const std::string& tk) {
  auto cached = with_cache([&](ClientStore& store) { return store.ticket(tk); });
  bool still_resolved = cached && *cached && (*cached)->ticket.status == Status::Resolved;
  bool waiting = false;
  if (still_resolved)
    if (auto actions = with_cache([&](ClientStore& store) { return store.actions(); }))
      for (const auto& a : *actions) waiting = waiting || a.tk == tk;
  if (!still_resolved || waiting) {
    // Confirmed, reopened or closed since, or the user already answered: the ticket as it is.
    show_tickets(tk);
    return nullptr;
  }
  if (satisfaction_window_ && satisfaction_window_->tk() != tk) satisfaction_window_->Destroy();
  if (!satisfaction_window_ || satisfaction_window_->IsBeingDeleted())
    satisfaction_window_ = new SatisfactionWindow(*this, (*cached)->ticket);
  satisfaction_window_->Show();
  satisfaction_window_->Raise();
  return satisfaction_window_.get();
}

ReportWindow* TrayController::show_report(ReportKind kind) {
  for (auto* open : open_report_windows())
    if (open->stage() == ReportWindow::Stage::Editing && open->kind() == kind) {
      open->Raise();
      return open;
    }
  // Taken before the window appears, so it shows what the user was looking at.
  auto shot = capture_screen();
  int number = ++next_report_window_;
  auto* window = new ReportWindow(*this, kind, std::move(shot), number);
  report_windows_[number] = window;
  window->Show();
  window->Raise();
  return window;
}

TicketsWindow* TrayController::show_tickets(const std::string& select_tk) {
  if (!tickets_window_) tickets_window_ = new TicketsWindow(*this);
  tickets_window_->Show();
  tickets_window_->Raise();
  if (!select_tk.empty()) tickets_window_->select(select_tk);
  return tickets_window_.get();
}

SettingsDialog::Enroller TrayController::enroller() const {
  // Runs on the dialog's thread: it takes nothing of the controller's but the language.
  return [language = options_.settings.language](const std::string& server_url,
                                                 const SettingsDialog::EnrolmentRequest& request) -> Result<Enrolment> {
    if (auto url = parse_server_url(server_url); !url) return url.error();
    TransportOptions transport_options;
    transport_options.base_url = server_url;
    transport_options.timeout = std::chrono::milliseconds(10000);
    auto transport = make_http_transport(transport_options);
    ApiClient api(*transport, "", ui::accept_language(language));
    std::string device = platform::machine_info().hostname;
    return request.user.empty() ? api.enrol(request.code, device)
                                : api.enrol_with_account(request.user, request.password, device);
  };
}

SettingsDialog::Keeper TrayController::keeper() {
  return [this](const std::string& server_url, const Enrolment& enrolment) {
    TraySettings kept = options_.settings;
    if (!kept.server_fixed()) kept.server_url = server_url;
    kept.token = enrolment.token;
    apply_settings(kept, platform::starts_at_login("tk-tray"));
  };
}

void TrayController::show_settings() {
  SettingsDialog dialog(nullptr, options_.settings, platform::starts_at_login("tk-tray"), enroller(), keeper());
  if (dialog.ShowModal() == wxID_OK) apply_settings(dialog.settings(), dialog.start_at_login());
}

void TrayController::apply_settings(const TraySettings& settings, bool start_at_login) {
  bool backend_changed = settings.server_url != options_.settings.server_url ||
                         settings.token != options_.settings.token ||
                         settings.poll_minutes != options_.settings.poll_minutes;
  bool language_changed = settings.language != options_.settings.language;
  // What the user chose in Settings is theirs to keep, even where this run was overridden.
  auto& o = options_.overrides;
  if (settings.server_url != options_.settings.server_url) o.server_url.clear();
  if (settings.token != options_.settings.token) o.token.clear();
  if (settings.language != options_.settings.language) o.language.clear();
  options_.settings = settings;
  save();
  std::string exe = std::string(wxStandardPaths::Get().GetExecutablePath().utf8_str());
  platform::set_start_at_login("tk-tray", "Mesa de servicios", exe, start_at_login);
  if (backend_changed) {
    close_backend();
    open_backend();
    refresh_identity();
    session_->engine().start();
    if (tickets_window_) tickets_window_->refresh();
  }
  if (language_changed)
    gui::tell(nullptr, _("The new language is used from the next start of the program."), _("Settings"),
              wxICON_INFORMATION);
  on_status_changed();
}

void TrayController::sync_now() {
  if (session_) session_->engine().trigger();
}

void TrayController::show(const std::string& what) {
  if (what == "report")
    show_report(ReportKind::Fault);
  else if (what == "security")
    show_report(ReportKind::Security);
  else if (what == "request")
    show_report(ReportKind::ServiceRequest);
  else if (what == "queue" && is_desk())
    show_queue();
  else if (what == "queue" && !identity_confirmed_)
    show_queue_when_known_ = true;  // the server has not said yet whether this is an agent
  else
    show_tickets();
}

void TrayController::file_in_background(int window_number, NewTicket ticket, std::string replaces) {
  background([this, ticket = std::move(ticket), window_number, replaces] {
    // A corrected report replaces its refused copy: that one never made a ticket.
    if (!replaces.empty())
      with_cache([&](ClientStore&) {
        session_->engine().discard(replaces);
        return true;
      });
    FiledReport filed = file_report(session_->engine(), session_->store(), ticket);
    on_ui([this, filed, window_number] {
      if (filed.outcome == FiledReport::Outcome::Queued) announced_queued_.insert(filed.local_id);
      // To the window that asked, if it is still open; the report is kept either way.
      open_report_windows();
      auto it = report_windows_.find(window_number);
      if (it != report_windows_.end() && it->second) it->second->on_filed(filed);
    });
  });
}

void TrayController::file_action_in_background(const std::string& tk, EventRequest request,
                                               std::function<void(const std::string& error)> done) {
  background([this, tk, request, done = std::move(done)] {
    // Saved first and sent with the outbox: offline it waits there, shown on the ticket.
    FiledAction filed = file_action(session_->engine(), session_->store(), tk, request);
    std::string error = filed.outcome == FiledAction::Outcome::Refused
                            ? filed.refusal.message_in(options_.settings.language)
                            : std::string{};
    on_ui([this, error, done] {
      done(error);
      if (tickets_window_) tickets_window_->refresh();
    });
  });
}

void TrayController::act_in_background(TicketsWindow* window, const std::string& tk, EventRequest request) {
  file_action_in_background(tk, std::move(request), [this, window, tk](const std::string& error) {
    if (tickets_window_ && tickets_window_.get() == window) tickets_window_->act_done(tk, error);
  });
}

void TrayController::act_in_background(SatisfactionWindow* window, const std::string& tk, EventRequest request) {
  file_action_in_background(tk, std::move(request), [this, window](const std::string& error) {
    if (satisfaction_window_ && satisfaction_window_.get() == window) satisfaction_window_->answered(error);
  });
}

void TrayController::start_desk_watch() {
  if (desk_watch_) return;
  DeskWatchOptions watch;
  watch.warn_before_seconds = options_.settings.warn_before_minutes * 60;
  watch.warn_before_seconds_soc = options_.settings.warn_before_minutes_soc * 60;
  desk_watch_ = std::make_unique<DeskWatch>(identity_, watch);
  if (!queue_timer_) {
    queue_timer_ = std::make_unique<wxTimer>();
    queue_timer_->Bind(wxEVT_TIMER, [this](wxTimerEvent&) { refresh_queue(); });
  }
  queue_timer_->Start(static_cast<int>(options_.settings.poll_interval().count()));
  log::info("ui",
            "desk companion on for " + identity_.login + (identity_.group.empty() ? "" : " of " + identity_.group));
  refresh_queue();
}

void TrayController::refresh_queue() {
  if (!desk_watch_ || queue_loading_ || !session_) return;
  queue_loading_ = true;
  int generation = generation_;
  background([this, generation] {
    std::vector<Ticket> queue;
    std::optional<Error> failure;
    ListQuery query;
    query.queue = "me";
    query.open_only = true;
    // A queue longer than this is more than any person works through; the rest waits.
    for (int page = 0; page < 10; ++page) {
      auto answer = session_->api().list(query);
      if (!answer) {
        failure = answer.error();
        break;
      }
      for (auto& t : answer->tickets) queue.push_back(std::move(t));
      if (!answer->more) break;
      query.since = answer->cursor;
    }
    on_ui([this, generation, queue = std::move(queue), failure]() mutable {
      queue_loading_ = false;
      if (generation != generation_ || !desk_watch_) return;
      auto tr = translate();
      if (failure) {
        log::warning("ui", "reading the queue failed: " + failure->message_in(Language::English));
        if (queue_window_)
          queue_window_->show_message(reached_server(*failure) ? failure->message_in(language())
                                                               : tr(N_("No connection: the queue is as it was.")),
                                      true);
        return;
      }
      std::int64_t now = now_seconds();
      // Resolved tickets wait on the user, not on the desk.
      queue.erase(
          std::remove_if(queue.begin(), queue.end(), [](const Ticket& t) { return t.status == Status::Resolved; }),
          queue.end());
      sort_for_desk(queue, now);
      queue_ = std::move(queue);
      ++queue_reads_;
      queue_read_at_ = now;
      for (const auto& alert : desk_watch_->update(queue_, now)) notify(desk_notification(alert, now, tr));
      if (queue_window_) queue_window_->refresh();
    });
  });
}

QueueWindow* TrayController::show_queue(const std::string& select_tk) {
  if (!queue_window_) queue_window_ = new QueueWindow(*this);
  queue_window_->Show();
  queue_window_->Raise();
  if (!select_tk.empty()) queue_window_->select(select_tk);
  return queue_window_.get();
}

void TrayController::desk_act(const std::string& tk, EventRequest request) {
  background([this, tk, request] {
    auto result = session_->api().post_event(tk, request);
    std::optional<Error> failure;
    if (!result) failure = result.error();
    on_ui([this, tk, failure] {
      auto tr = translate();
      if (failure && queue_window_)
        queue_window_->show_message(reached_server(*failure) ? failure->message_in(language())
                                                             : tr(N_("No connection: try again when it is back.")),
                                    true);
      if (!failure) refresh_queue();
    });
  });
}

}  // namespace tk::tray
