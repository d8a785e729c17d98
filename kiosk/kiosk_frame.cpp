#include "kiosk_frame.h"

#include <wx/app.h>
#include <wx/button.h>
#include <wx/datetime.h>
#include <wx/dcmemory.h>
#include <wx/generic/statbmpg.h>
#include <wx/image.h>
#include <wx/panel.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <chrono>

#include "admin_pin_screen.h"
#include "admin_screen.h"
#include "category_screen.h"
#include "article_screen.h"
#include "describe_screen.h"
#include "impact_screen.h"
#include "employee_screen.h"
#include "home_screen.h"
#include "kiosk_widgets.h"
#include "lookup_employee_screen.h"
#include "lookup_result_screen.h"
#include "lookup_tk_screen.h"
#include "receipt_screen.h"
#include "review_screen.h"
#include "tk/platform.h"
#include "type_screen.h"

namespace tk::kiosk {
namespace {

wxColour colour(const std::string& hex, const wxColour& fallback) {
  wxColour c(u8(hex));
  return c.IsOk() ? c : fallback;
}

}  // namespace

std::int64_t KioskFrame::now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

KioskFrame::KioskFrame(std::unique_ptr<KioskBackend> backend, KioskOptions options)
    : wxFrame(nullptr, wxID_ANY, _("Service desk"), wxDefaultPosition, wxDefaultSize,
              options.full_screen ? (wxSTAY_ON_TOP | wxBORDER_NONE) : wxDEFAULT_FRAME_STYLE),
      options_(std::move(options)),
      backend_(std::move(backend)) {
  flow_ = std::make_unique<KioskFlow>(backend_->catalog(), options_.language, translate, options_.config);

  if (!wxImage::FindHandler(wxBITMAP_TYPE_PNG)) wxImage::AddHandler(new wxPNGHandler);
  SetBackgroundColour(*wxWHITE);
  auto* root = new wxPanel(this);
  root->SetBackgroundColour(*wxWHITE);
  auto* sizer = new wxBoxSizer(wxVERTICAL);
  build_header(root, sizer);
  book_ = new wxSimplebook(root);
  book_->SetBackgroundColour(*wxWHITE);
  sizer->Add(book_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, FromDIP(10));
  build_footer(root, sizer);
  root->SetSizer(sizer);
  build_screens();

  Bind(wxEVT_CHAR_HOOK, &KioskFrame::on_char_hook, this);
  // Alt+F4 and the window manager's close button end here: only the administrator's
  // exit goes through.
  Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& e) {
    if (!closing_allowed_ && e.CanVeto()) {
      e.Veto();
      return;
    }
    e.Skip();
  });
  timer_.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { tick(now_ms()); });
  timer_.Start(1000);
  backend_->start();
  flow_->touched(now_ms());
  show_screen();
  if (options_.full_screen) {
    ShowFullScreen(true, wxFULLSCREEN_ALL);
    platform::block_task_switching(true);
  }
}

KioskFrame::~KioskFrame() {
  if (options_.full_screen) platform::block_task_switching(false);
  *alive_ = false;
  timer_.Stop();
  workers_.join_all();
}

void KioskFrame::build_header(wxPanel* root, wxBoxSizer* sizer) {
  auto* header = new wxPanel(root);
  header->SetBackgroundColour(colour(options_.config.primary_colour, wxColour(0x0f, 0x4c, 0x81)));
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  wxBitmap logo;
  wxImage image;
  if (!options_.config.logo_path.empty() && image.LoadFile(u8(options_.config.logo_path)))
    logo = wxBitmap(image.Rescale(image.GetWidth() * FromDIP(56) / std::max(1, image.GetHeight()), FromDIP(56),
                                  wxIMAGE_QUALITY_HIGH));
  if (!logo.IsOk()) {
    logo = wxBitmap(FromDIP(56), FromDIP(56));
    wxMemoryDC dc(logo);
    dc.SetBackground(wxBrush(colour(options_.config.accent_colour, wxColour(0xb3, 0x8e, 0x5d))));
    dc.Clear();
    dc.SetTextForeground(*wxWHITE);
    dc.SetFont(wxFontInfo(FromDIP(20)).Bold());
    dc.DrawLabel("TK", wxRect(0, 0, FromDIP(56), FromDIP(56)), wxALIGN_CENTER);
  }
  // A generic bitmap: a window of its own, so that it receives taps (GTK's static bitmap
  // has none). A quick second tap arrives as a double click; it counts too.
  logo_ = new wxGenericStaticBitmap(header, wxID_ANY, logo);
  for (auto type : {wxEVT_LEFT_DOWN, wxEVT_LEFT_DCLICK})
    logo_->Bind(type, [this](wxMouseEvent&) {
      if (flow_->logo_tapped(now_ms())) show_screen();
    });
  row->Add(logo_, 0, wxALL, FromDIP(10));
  auto* institution = new wxStaticText(header, wxID_ANY, u8(options_.config.institution));
  institution->SetForegroundColour(*wxWHITE);
  institution->SetFont(institution->GetFont().Scaled(1.3f).Bold());
  row->Add(institution, 1, wxALIGN_CENTER_VERTICAL | wxLEFT, FromDIP(8));
  connection_ = new wxStaticText(header, wxID_ANY, "");
  connection_->SetForegroundColour(wxColour(0xdd, 0xe6, 0xf0));
  row->Add(connection_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(16));
  clock_ = new wxStaticText(header, wxID_ANY, wxDateTime::Now().Format("%H:%M"));
  clock_->SetForegroundColour(*wxWHITE);
  clock_->SetFont(clock_->GetFont().Scaled(1.6f).Bold());
  row->Add(clock_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(16));
  header->SetSizer(row);
  sizer->Add(header, 0, wxEXPAND);
}

void KioskFrame::build_footer(wxPanel* root, wxBoxSizer* sizer) {
  footer_ = new wxPanel(root);
  footer_->SetBackgroundColour(wxColour(0xf2, 0xf4, 0xf7));
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  // While a report or a look-up is on its way, the person stays where they are.
  back_ = make_big_button(*this, footer_, _("Back"), [this] {
    if (busy_) return;
    flow_->back();
    show_screen();
  });
  row->Add(back_, 0, wxALL, FromDIP(10));
  start_over_ = make_big_button(*this, footer_, _("Start over"), [this] {
    if (busy_) return;
    flow_->home();
    show_screen();
  });
  row->Add(start_over_, 0, wxALL, FromDIP(10));
  countdown_ = new wxStaticText(footer_, wxID_ANY, "");
  countdown_->SetFont(countdown_->GetFont().Scaled(1.4f).Bold());
  countdown_->SetForegroundColour(warning_colour());
  row->Add(countdown_, 1, wxALIGN_CENTER_VERTICAL | wxLEFT, FromDIP(20));
  footer_->SetSizer(row);
  sizer->Add(footer_, 0, wxEXPAND);
}

template <class S>
S* KioskFrame::add_screen(Screen s, S* screen) {
  screens_[s] = screen;
  book_->AddPage(screen, "");
  return screen;
}

void KioskFrame::build_screens() {
  KioskFlow& flow = *flow_;
  home_ = add_screen(Screen::Home, new HomeScreen(book_, *this, flow));
  employee_ = add_screen(Screen::Employee, new EmployeeScreen(book_, *this, flow));
  type_ = add_screen(Screen::Type, new TypeScreen(book_, *this, flow));
  category_ = add_screen(Screen::Category, new CategoryScreen(book_, *this, flow));
  impact_ = add_screen(Screen::Impact, new ImpactScreen(book_, *this, flow));
  describe_ = add_screen(Screen::Describe,
                         new DescribeScreen(
                             book_, *this, flow, [this](const std::string& text) { return backend_->suggest(text); },
                             [this](std::int64_t id) { return backend_->article(id); }));
  article_ = add_screen(Screen::Article, new ArticleScreen(book_, *this, flow,
                                                           [this](std::int64_t id) { backend_->article_solved(id); }));
  review_ = add_screen(Screen::Review, new ReviewScreen(book_, *this, flow, [this] { submit_report(); }));
  receipt_ = add_screen(Screen::Receipt, new ReceiptScreen(book_, *this, flow));
  lookup_tk_ = add_screen(Screen::LookupTk, new LookupTkScreen(book_, *this, flow));
  lookup_employee_ = add_screen(
      Screen::LookupEmployee,
      new LookupEmployeeScreen(book_, *this, flow, [this](const std::string& employee) { submit_lookup(employee); }));
  lookup_result_ = add_screen(
      Screen::LookupResult,
      new LookupResultScreen(book_, *this, flow, options_.language, [this](Action answer) { submit_survey(answer); }));
  admin_pin_ = add_screen(Screen::AdminPin, new AdminPinScreen(book_, *this, flow));
  admin_ = add_screen(Screen::Admin, new AdminScreen(
                                         book_, *this, flow,
                                         [this] {
                                           backend_->sync_now();
                                           refresh_admin();
                                         },
                                         [this] {
                                           closing_allowed_ = true;
                                           Close(true);
                                         }));
}

void KioskFrame::show_screen() {
  Screen s = flow_->screen();
  KioskScreen* screen = screens_.at(s);
  if (s == Screen::Home) {
    // Nothing of the last person stays on screen, nor on disk: a report the server
    // refused is dropped with them (a sent one is already gone from the outbox).
    backend_->drop_refused_reports();
    for (auto& [other, page] : screens_) page->clear();
  }
  if (s == Screen::Admin) refresh_admin();
  screen->refresh();
  book_->ChangeSelection(book_->FindPage(screen));
  footer_->Show(s != Screen::Home);
  screen->focus();
  update_status_line();
  screen->Layout();
  Layout();
}

void KioskFrame::refresh_admin() { admin_->show_state(backend_->online(), backend_->waiting_reports()); }

void KioskFrame::update_status_line() {
  int waiting = backend_->waiting_reports();
  std::string text = backend_->online() ? translate(N_("Connected")) : translate(N_("No connection"));
  if (waiting) text += " · " + ui::format(translate(N_("Reports waiting to be sent: {}")), {std::to_string(waiting)});
  if (connection_->GetLabel() != u8(text)) {
    connection_->SetLabel(u8(text));
    connection_->GetParent()->Layout();
  }
}

void KioskFrame::submit_report() {
  if (busy_) return;
  busy_ = true;
  review_->send_button()->Disable();
  NewTicket report = flow_->report();
  // Sent again after a refusal: the refused copy goes, the corrected one is a new report.
  std::string refused = flow_->receipt().outcome == FiledReport::Outcome::Refused ? flow_->receipt().local_id : "";
  std::uint64_t session = flow_->session();
  std::weak_ptr<std::atomic<bool>> alive = alive_;
  workers_.run([this, report, refused, session, alive] {
    FiledReport filed = backend_->file(report, refused);
    wxTheApp->CallAfter([this, filed, session, alive] {
      if (auto a = alive.lock(); !a || !*a) return;
      busy_ = false;
      // Only for the person who sent it: the idle reset may have started another session.
      if (flow_->session() != session || flow_->screen() != Screen::Review) return;
      flow_->filed(filed);
      show_screen();
    });
  });
}

void KioskFrame::submit_lookup(const std::string& typed) {
  if (busy_ || !flow_->set_lookup_employee(typed)) {
    show_screen();
    return;
  }
  busy_ = true;
  std::string tk = flow_->lookup_tk(), employee = flow_->lookup_employee();
  std::uint64_t session = flow_->session();
  std::weak_ptr<std::atomic<bool>> alive = alive_;
  workers_.run([this, tk, employee, session, alive] {
    auto result = backend_->look_up(tk, employee);
    wxTheApp->CallAfter([this, result, session, alive] {
      if (auto a = alive.lock(); !a || !*a) return;
      busy_ = false;
      if (flow_->session() != session || flow_->screen() != Screen::LookupEmployee) return;
      flow_->looked_up(result);
      lookup_employee_->field()->Clear();
      show_screen();
    });
  });
}

void KioskFrame::submit_survey(Action answer) {
  if (busy_ || !flow_->survey_open() || !flow_->found()) return;
  busy_ = true;
  std::string tk = flow_->found()->tk, employee = flow_->lookup_employee();
  EventRequest request = flow_->survey_answer(answer);
  std::string key = flow_->survey_key(answer);
  std::uint64_t session = flow_->session();
  std::weak_ptr<std::atomic<bool>> alive = alive_;
  workers_.run([this, tk, employee, request, key, answer, session, alive] {
    auto result = backend_->answer_survey(tk, employee, request, key);
    wxTheApp->CallAfter([this, result, answer, session, alive] {
      if (auto a = alive.lock(); !a || !*a) return;
      busy_ = false;
      if (flow_->session() != session || flow_->screen() != Screen::LookupResult) return;
      flow_->survey_answered(answer, result);
      show_screen();
    });
  });
}

void KioskFrame::touched() { flow_->touched(now_ms()); }

void KioskFrame::tick(std::int64_t now) {
  wxString time = wxDateTime::Now().Format("%H:%M");
  if (clock_->GetLabel() != time) {
    clock_->SetLabel(time);
    clock_->GetParent()->Layout();
  }
  if (flow_->check_idle(now)) {
    show_screen();
    return;
  }
  bool visible = flow_->countdown_visible(now);
  countdown_->SetLabel(
      visible ? u8(ui::format(translate(N_("Starting over in {} s")), {std::to_string(flow_->seconds_left(now))}))
              : wxString());
  if (now / 1000 % 5 == 0) update_status_line();
}

void KioskFrame::on_char_hook(wxKeyEvent& e) {
  touched();
  // Escape and the like have no way out of the kiosk.
  if (e.GetKeyCode() == WXK_ESCAPE || (e.AltDown() && e.GetKeyCode() == WXK_F4)) return;
  e.Skip();
}

}  // namespace tk::kiosk
