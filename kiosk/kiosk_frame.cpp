#include "kiosk_frame.h"

#include <wx/app.h>
#include <wx/button.h>
#include <wx/dcclient.h>
#include <wx/display.h>
#include <wx/image.h>
#include <wx/panel.h>
#include <wx/simplebook.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/wrapsizer.h>

#include <wx/datetime.h>

#include <chrono>

#include <wx/dcmemory.h>
#include <wx/filename.h>
#include <wx/stdpaths.h>
#include <wx/generic/statbmpg.h>

#include "qr_code.h"
#include "tk/platform.h"
#include "tk/text.h"
#include "tk/time.h"
#include "tk/ui/ticket_view.h"

namespace tk::kiosk {
namespace {

wxString u8(const std::string& s) { return wxString::FromUTF8(s); }
std::string str(const wxString& s) { return std::string(s.utf8_str()); }

std::string tr_fn(const char* english) { return std::string(wxGetTranslation(wxString::FromUTF8(english)).utf8_str()); }

wxColour colour(const std::string& hex, const wxColour& fallback) {
  wxColour c(u8(hex));
  return c.IsOk() ? c : fallback;
}

}  // namespace

std::int64_t KioskFrame::now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

KioskFrame::KioskFrame(KioskOptions options)
    : wxFrame(nullptr, wxID_ANY, _("Service desk"), wxDefaultPosition, wxDefaultSize,
              options.full_screen ? (wxSTAY_ON_TOP | wxBORDER_NONE) : wxDEFAULT_FRAME_STYLE),
      options_(std::move(options)) {
  backend_ = std::make_unique<KioskBackend>(options_.server_url, options_.token, options_.data_dir,
                                            options_.language);
  flow_ = std::make_unique<KioskFlow>(backend_->catalog(), options_.language, tr_fn, options_.config);

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
  build_pages();

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

int KioskFrame::touch_px() const {
  // At least 15 mm at this screen's density.
  wxSize ppi = wxGetDisplayPPI();
  int px = static_cast<int>(15.0 / 25.4 * std::max(ppi.y, 96));
  return std::max(px, FromDIP(58));
}

void KioskFrame::run_in_background(std::function<void()> work) { workers_.run(std::move(work)); }

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
  auto* status = new wxStaticText(header, wxID_ANY, "");
  status->SetForegroundColour(wxColour(0xdd, 0xe6, 0xf0));
  labels_["connection"] = status;
  row->Add(status, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(16));
  auto* clock = new wxStaticText(header, wxID_ANY, wxDateTime::Now().Format("%H:%M"));
  clock->SetForegroundColour(*wxWHITE);
  clock->SetFont(clock->GetFont().Scaled(1.6f).Bold());
  labels_["clock"] = clock;
  row->Add(clock, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(16));
  header->SetSizer(row);
  sizer->Add(header, 0, wxEXPAND);
}

void KioskFrame::build_footer(wxPanel* root, wxBoxSizer* sizer) {
  footer_ = new wxPanel(root);
  footer_->SetBackgroundColour(wxColour(0xf2, 0xf4, 0xf7));
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  // While a report or a look-up is on its way, the person stays where they are.
  row->Add(big_button(footer_, _("Back"), "back",
                      [this] {
                        if (busy_) return;
                        flow_->back();
                        show_screen();
                      }),
           0, wxALL, FromDIP(10));
  row->Add(big_button(footer_, _("Start over"), "home",
                      [this] {
                        if (busy_) return;
                        flow_->home();
                        show_screen();
                      }),
           0, wxALL, FromDIP(10));
  auto* countdown = new wxStaticText(footer_, wxID_ANY, "");
  countdown->SetFont(countdown->GetFont().Scaled(1.4f).Bold());
  countdown->SetForegroundColour(wxColour(0xb3, 0x1b, 0x1b));
  labels_["countdown"] = countdown;
  row->Add(countdown, 1, wxALIGN_CENTER_VERTICAL | wxLEFT, FromDIP(20));
  footer_->SetSizer(row);
  sizer->Add(footer_, 0, wxEXPAND);
}

wxButton* KioskFrame::big_button(wxWindow* parent, const wxString& text, const std::string& name,
                                 std::function<void()> action) {
  auto* b = new wxButton(parent, wxID_ANY, text);
  b->SetFont(b->GetFont().Scaled(1.5f).Bold());
  int text_width = b->GetTextExtent(text).x;
  b->SetMinSize(wxSize(std::max(touch_px() * 3, text_width + FromDIP(56)), touch_px()));
  b->Bind(wxEVT_BUTTON, [this, action = std::move(action)](wxCommandEvent&) {
    touched();
    action();
  });
  if (!name.empty()) buttons_[name] = b;
  return b;
}

wxPanel* KioskFrame::prompt_page(const wxString& title, wxBoxSizer*& body) {
  auto* p = new wxPanel(book_);
  p->SetBackgroundColour(*wxWHITE);
  body = new wxBoxSizer(wxVERTICAL);
  auto* heading = new wxStaticText(p, wxID_ANY, title);
  heading->SetFont(heading->GetFont().Scaled(1.8f).Bold());
  body->Add(heading, 0, wxALIGN_CENTER | wxBOTTOM, FromDIP(8));
  p->SetSizer(body);
  return p;
}

wxPanel* KioskFrame::keypad(wxWindow* parent, wxTextCtrl* target, bool with_dash) {
  auto* pad = new wxPanel(parent);
  pad->SetBackgroundColour(*wxWHITE);
  auto* grid = new wxGridSizer(4, 3, FromDIP(8), FromDIP(8));
  const char* labels[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", with_dash ? "-" : "", "0", "⌫"};
  for (const char* l : labels) {
    if (!*l) {
      grid->AddSpacer(0);
      continue;
    }
    auto* key = new wxButton(pad, wxID_ANY, u8(l), wxDefaultPosition, wxSize(touch_px() * 2, touch_px()));
    key->SetFont(key->GetFont().Scaled(1.8f).Bold());
    std::string text = l;
    key->Bind(wxEVT_BUTTON, [this, target, text](wxCommandEvent&) {
      touched();
      if (text == "⌫") {
        wxString v = target->GetValue();
        if (!v.empty()) target->SetValue(v.Left(v.length() - 1));
      } else {
        target->AppendText(u8(text));
      }
    });
    keys_.push_back(key);
    grid->Add(key, 0, wxEXPAND);
  }
  pad->SetSizer(grid);
  return pad;
}

wxPanel* KioskFrame::keyboard(wxWindow* parent) {
  // Spanish letters, accents included; it types into the field that last had the focus.
  auto* board = new wxPanel(parent);
  board->SetBackgroundColour(wxColour(0xf2, 0xf4, 0xf7));
  auto* rows = new wxBoxSizer(wxVERTICAL);
  const std::vector<std::vector<std::string>> layout{
      {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "⌫"},
      {"q", "w", "e", "r", "t", "y", "u", "i", "o", "p", "á", "é"},
      {"a", "s", "d", "f", "g", "h", "j", "k", "l", "ñ", "í", "ó"},
      {"⇧", "z", "x", "c", "v", "b", "n", "m", ",", ".", "ú", "ü"},
      {"@", "-", "espacio", "¿", "?"}};
  int key_w = std::max(touch_px(), FromDIP(72));
  for (const auto& row : layout) {
    auto* line = new wxBoxSizer(wxHORIZONTAL);
    for (const auto& k : row) {
      wxString text = k == "espacio" ? _("space") : u8(k);
      int width = k == "espacio" ? key_w * 6 : key_w;
      auto* key = new wxButton(board, wxID_ANY, text, wxDefaultPosition, wxSize(width, touch_px()));
      key->SetFont(key->GetFont().Scaled(1.5f));
      key->Bind(wxEVT_BUTTON, [this, k](wxCommandEvent&) {
        touched();
        if (!keyboard_target_) return;
        if (k == "⌫") {
          long from = keyboard_target_->GetInsertionPoint();
          if (from > 0) keyboard_target_->Remove(from - 1, from);
        } else if (k == "⇧") {
          shifted_ = !shifted_;
        } else {
          wxString text = k == "espacio" ? wxString(" ") : u8(k);
          if (shifted_) {
            text = text.Upper();
            shifted_ = false;
          }
          keyboard_target_->WriteText(text);
        }
      });
      keys_.push_back(key);
      line->Add(key, 0, wxALL, FromDIP(3));
    }
    rows->Add(line, 0, wxALIGN_CENTER);
  }
  board->SetSizer(rows);
  return board;
}

void KioskFrame::build_pages() {
  auto add = [this](Screen s, wxPanel* p) {
    pages_[s] = p;
    page_index_[s] = book_->GetPageCount();
    book_->AddPage(p, "");
  };
  // Home
  {
    wxBoxSizer* body;
    auto* p = prompt_page(_("How can we help you?"), body);
    body->AddStretchSpacer();
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(big_button(p, _("Report a fault"), "report", [this] { flow_->report_fault(); show_screen(); }), 1,
             wxEXPAND | wxALL, FromDIP(12));
    row->Add(big_button(p, _("Look up my ticket"), "lookup", [this] { flow_->look_up(); show_screen(); }), 1,
             wxEXPAND | wxALL, FromDIP(12));
    row->Add(big_button(p, _("Security incident"), "security", [this] { flow_->report_security(); show_screen(); }),
             1, wxEXPAND | wxALL, FromDIP(12));
    for (auto* b : {buttons_["report"], buttons_["lookup"], buttons_["security"]})
      b->SetMinSize(wxSize(b->GetMinSize().x, touch_px() * 3));
    body->Add(row, 0, wxEXPAND);
    body->AddStretchSpacer();
    add(Screen::Home, p);
  }
  // Employee number, for a report
  auto number_page = [this, &add](Screen s, const wxString& title, const std::string& field, bool dash,
                                  const wxString& prefix, std::function<void()> next) {
    wxBoxSizer* body;
    auto* p = prompt_page(title, body);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    if (!prefix.empty()) {
      auto* fixed = new wxStaticText(p, wxID_ANY, prefix);
      fixed->SetFont(fixed->GetFont().Scaled(2.2f).Bold());
      row->Add(fixed, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
    }
    auto* text = new wxTextCtrl(p, wxID_ANY, "", wxDefaultPosition, wxSize(touch_px() * 6, -1), wxTE_PROCESS_ENTER);
    text->SetFont(text->GetFont().Scaled(2.2f));
    text->Bind(wxEVT_TEXT_ENTER, [this, next](wxCommandEvent&) { touched(); next(); });
    text->Bind(wxEVT_TEXT, [this](wxCommandEvent& e) { touched(); e.Skip(); });
    fields_[field] = text;
    row->Add(text, 0, wxALIGN_CENTER_VERTICAL);
    body->Add(row, 0, wxALIGN_CENTER | wxBOTTOM, FromDIP(12));
    auto* message = new wxStaticText(p, wxID_ANY, "");
    message->SetForegroundColour(wxColour(0xb3, 0x1b, 0x1b));
    message->SetFont(message->GetFont().Scaled(1.3f));
    labels_[field + ".message"] = message;
    body->Add(message, 0, wxALIGN_CENTER | wxBOTTOM, FromDIP(8));
    body->Add(keypad(p, text, dash), 0, wxALIGN_CENTER);
    body->Add(big_button(p, _("Continue"), field + ".next", next), 0, wxALIGN_CENTER | wxTOP, FromDIP(16));
    add(s, p);
  };
  number_page(Screen::Employee, _("Your employee number"), "employee", false, "", [this] {
    flow_->set_employee(str(fields_["employee"]->GetValue()));
    show_screen();
  });
  // Type
  {
    wxBoxSizer* body;
    auto* p = prompt_page(_("What do you need?"), body);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(big_button(p, _("Something does not work"), "type.incident",
                        [this] { flow_->choose_type(TicketType::Incident); show_screen(); }),
             1, wxEXPAND | wxALL, FromDIP(12));
    row->Add(big_button(p, _("I need a service"), "type.request",
                        [this] { flow_->choose_type(TicketType::ServiceRequest); show_screen(); }),
             1, wxEXPAND | wxALL, FromDIP(12));
    set_tile_icon(buttons_["type.incident"], "incident");
    set_tile_icon(buttons_["type.request"], "service_request");
    for (auto* b : {buttons_["type.incident"], buttons_["type.request"]})
      b->SetMinSize(wxSize(b->GetMinSize().x, touch_px() * 4));
    body->Add(row, 0, wxEXPAND);
    add(Screen::Type, p);
  }
  // Category tiles (filled in for the chosen type)
  {
    wxBoxSizer* body;
    auto* p = prompt_page(_("What is it about?"), body);
    category_tiles_ = new wxPanel(p);
    category_tiles_->SetBackgroundColour(*wxWHITE);
    category_tiles_->SetSizer(new wxWrapSizer(wxHORIZONTAL));
    body->Add(category_tiles_, 1, wxEXPAND);
    add(Screen::Category, p);
  }
  // Describe
  {
    wxBoxSizer* body;
    auto* p = prompt_page(_("Tell us what happens"), body);
    auto* grid = new wxFlexGridSizer(2, wxSize(FromDIP(12), FromDIP(8)));
    grid->AddGrowableCol(1, 1);
    auto add_field = [&](const wxString& caption, const std::string& name, long style, int height) {
      auto* l = new wxStaticText(p, wxID_ANY, caption);
      l->SetFont(l->GetFont().Scaled(1.3f));
      grid->Add(l, 0, wxALIGN_CENTER_VERTICAL);
      auto* text = new wxTextCtrl(p, wxID_ANY, "", wxDefaultPosition, wxSize(-1, height), style);
      text->SetFont(text->GetFont().Scaled(1.4f));
      text->Bind(wxEVT_SET_FOCUS, [this, text](wxFocusEvent& e) {
        keyboard_target_ = text;
        e.Skip();
      });
      text->Bind(wxEVT_TEXT, [this](wxCommandEvent& e) { touched(); e.Skip(); });
      fields_[name] = text;
      grid->Add(text, 1, wxEXPAND);
    };
    add_field(_("In one line"), "summary", 0, touch_px());
    add_field(_("More details (optional)"), "description", wxTE_MULTILINE, touch_px() * 3 / 2);
    add_field(_("Your name (optional)"), "name", 0, touch_px());
    body->Add(grid, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(40));
    auto* message = new wxStaticText(p, wxID_ANY, "");
    message->SetForegroundColour(wxColour(0xb3, 0x1b, 0x1b));
    message->SetFont(message->GetFont().Scaled(1.3f));
    labels_["describe.message"] = message;
    body->Add(message, 0, wxALIGN_CENTER | wxTOP, FromDIP(6));
    // The keyboard and, beside it, the way on: a screen 800 pixels high has room for both.
    auto* bottom = new wxBoxSizer(wxHORIZONTAL);
    bottom->Add(keyboard(p), 0, wxALIGN_BOTTOM);
    bottom->Add(big_button(p, _("Continue"), "describe.next",
                           [this] {
                             flow_->set_description(str(fields_["summary"]->GetValue()),
                                                    str(fields_["description"]->GetValue()),
                                                    str(fields_["name"]->GetValue()));
                             show_screen();
                           }),
                0, wxALIGN_BOTTOM | wxLEFT, FromDIP(16));
    body->Add(bottom, 0, wxALIGN_CENTER | wxTOP, FromDIP(6));
    keyboard_target_ = fields_["summary"];
    add(Screen::Describe, p);
  }
  // Review
  {
    wxBoxSizer* body;
    auto* p = prompt_page(_("Is this right?"), body);
    auto* review = new wxStaticText(p, wxID_ANY, "");
    review->SetFont(review->GetFont().Scaled(1.5f));
    labels_["review"] = review;
    body->Add(review, 0, wxALIGN_CENTER | wxALL, FromDIP(16));
    auto* message = new wxStaticText(p, wxID_ANY, "");
    message->SetForegroundColour(wxColour(0xb3, 0x1b, 0x1b));
    labels_["review.message"] = message;
    body->Add(message, 0, wxALIGN_CENTER);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(big_button(p, _("Correct"), "review.back",
                        [this] {
                          if (busy_) return;
                          flow_->back();
                          show_screen();
                        }),
             0, wxALL, FromDIP(12));
    row->Add(big_button(p, _("Send"), "send", [this] { submit_report(); }), 0, wxALL, FromDIP(12));
    body->Add(row, 0, wxALIGN_CENTER);
    add(Screen::Review, p);
  }
  // Receipt
  {
    wxBoxSizer* body;
    auto* p = prompt_page(_("Your report"), body);
    auto* title = new wxStaticText(p, wxID_ANY, "");
    title->SetFont(title->GetFont().Scaled(1.6f));
    labels_["receipt.title"] = title;
    body->Add(title, 0, wxALIGN_CENTER | wxALL, FromDIP(8));
    auto* big = new wxStaticText(p, wxID_ANY, "");
    big->SetFont(big->GetFont().Scaled(4.0f).Bold());
    labels_["receipt.number"] = big;
    body->Add(big, 0, wxALIGN_CENTER | wxALL, FromDIP(8));
    qr_ = new wxStaticBitmap(p, wxID_ANY, wxBitmap(FromDIP(220), FromDIP(220)));
    body->Add(qr_, 0, wxALIGN_CENTER | wxALL, FromDIP(8));
    auto* detail = new wxStaticText(p, wxID_ANY, "");
    detail->SetFont(detail->GetFont().Scaled(1.3f));
    labels_["receipt.detail"] = detail;
    body->Add(detail, 0, wxALIGN_CENTER | wxALL, FromDIP(8));
    body->Add(big_button(p, _("Done"), "done", [this] { flow_->home(); show_screen(); }), 0, wxALIGN_CENTER);
    add(Screen::Receipt, p);
  }
  // Look-up: the TK, then the employee number
  number_page(Screen::LookupTk, _("Your ticket number"), "lookup.tk", true, "TK-", [this] {
    flow_->set_lookup_tk(str(fields_["lookup.tk"]->GetValue()));
    show_screen();
  });
  number_page(Screen::LookupEmployee, _("Your employee number"), "lookup.employee", false, "",
              [this] { submit_lookup(); });
  {
    wxBoxSizer* body;
    auto* p = prompt_page(_("Your ticket"), body);
    for (const char* name : {"result.tk", "result.status", "result.confirmed"}) {
      auto* l = new wxStaticText(p, wxID_ANY, "");
      labels_[name] = l;
      body->Add(l, 0, wxALIGN_CENTER | wxALL, FromDIP(6));
    }
    labels_["result.tk"]->SetFont(labels_["result.tk"]->GetFont().Scaled(2.4f).Bold());
    labels_["result.status"]->SetFont(labels_["result.status"]->GetFont().Scaled(2.0f));
    labels_["result.confirmed"]->SetFont(labels_["result.confirmed"]->GetFont().Scaled(1.2f));
    timeline_ = new wxPanel(p);
    timeline_->SetBackgroundColour(*wxWHITE);
    timeline_->SetSizer(new wxBoxSizer(wxHORIZONTAL));
    body->Add(timeline_, 0, wxEXPAND | wxALL, FromDIP(16));
    body->Add(big_button(p, _("Done"), "result.done", [this] { flow_->home(); show_screen(); }), 0, wxALIGN_CENTER);
    add(Screen::LookupResult, p);
  }
  // Administrator
  number_page(Screen::AdminPin, _("Administrator PIN"), "pin", false, "", [this] {
    flow_->check_pin(str(fields_["pin"]->GetValue()));
    fields_["pin"]->Clear();
    show_screen();
  });
  fields_["pin"]->SetWindowStyleFlag(fields_["pin"]->GetWindowStyleFlag() | wxTE_PASSWORD);
  {
    wxBoxSizer* body;
    auto* p = prompt_page(_("Kiosk administration"), body);
    auto* state = new wxStaticText(p, wxID_ANY, "");
    state->SetFont(state->GetFont().Scaled(1.5f));
    labels_["admin.state"] = state;
    body->Add(state, 0, wxALIGN_CENTER | wxALL, FromDIP(12));
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(big_button(p, _("Sync now"), "admin.sync",
                        [this] {
                          backend_->sync_now();
                          refresh_admin();
                        }),
             0, wxALL, FromDIP(10));
    row->Add(big_button(p, _("Back to the kiosk"), "admin.leave", [this] { flow_->leave_admin(); show_screen(); }), 0,
             wxALL, FromDIP(10));
    row->Add(big_button(p, _("Exit the kiosk"), "admin.exit",
                        [this] {
                          closing_allowed_ = true;
                          Close(true);
                        }),
             0, wxALL, FromDIP(10));
    body->Add(row, 0, wxALIGN_CENTER);
    add(Screen::Admin, p);
  }
}

void KioskFrame::show_screen() {
  Screen s = flow_->screen();
  switch (s) {
    case Screen::Home:
      // Nothing of the last person stays on screen, nor on disk: a report the server
      // refused is dropped with them (a sent one is already gone from the outbox).
      backend_->drop_refused_reports();
      for (auto& [name, f] : fields_) f->Clear();
      for (auto& [name, l] : labels_)
        if (name.find(".message") != std::string::npos) l->SetLabel("");
      break;
    case Screen::Category: refresh_categories(); break;
    case Screen::Review: refresh_review(); break;
    case Screen::Receipt: refresh_receipt(); break;
    case Screen::LookupResult: refresh_lookup_result(); break;
    case Screen::Admin: refresh_admin(); break;
    default: break;
  }
  auto message_for = [&](const std::string& field) {
    if (auto it = labels_.find(field + ".message"); it != labels_.end()) it->second->SetLabel(u8(flow_->message()));
  };
  if (s == Screen::Employee) message_for("employee");
  if (s == Screen::Describe) message_for("describe");
  if (s == Screen::LookupTk) message_for("lookup.tk");
  if (s == Screen::LookupEmployee) message_for("lookup.employee");
  if (s == Screen::AdminPin) message_for("pin");
  book_->ChangeSelection(page_index_[s]);
  footer_->Show(s != Screen::Home);
  if (s == Screen::Describe && keyboard_target_) keyboard_target_->SetFocus();
  if (s == Screen::Employee) fields_["employee"]->SetFocus();
  if (s == Screen::LookupTk) fields_["lookup.tk"]->SetFocus();
  if (s == Screen::LookupEmployee) fields_["lookup.employee"]->SetFocus();
  update_status_line();
  pages_[s]->Layout();
  Layout();
}

void KioskFrame::set_tile_icon(wxButton* tile, const std::string& id) {
  // Pictograms rendered at build time from assets/icons/categories (share/tk/icons).
  wxFileName exe(wxStandardPaths::Get().GetExecutablePath());
  for (const wxString& dir : {exe.GetPath() + "/../share/tk/icons", wxString("/usr/share/tk/icons")}) {
    wxString path = dir + "/" + u8(id) + ".png";
    wxImage image;
    if (wxFileExists(path) && image.LoadFile(path, wxBITMAP_TYPE_PNG)) {
      int size = FromDIP(64);
      tile->SetBitmap(wxBitmap(image.Rescale(size, size, wxIMAGE_QUALITY_HIGH)));
      tile->SetBitmapPosition(wxTOP);
      tile->SetBitmapMargins(0, FromDIP(6));
      return;
    }
  }
}

void KioskFrame::refresh_categories() {
  auto* sizer = category_tiles_->GetSizer();
  sizer->Clear(true);
  // Four tiles a row; a long name goes on two lines, broken at the space nearest its middle.
  int tile_width = std::max(touch_px() * 4, (GetClientSize().x - FromDIP(120)) / 4);
  for (const auto& c : flow_->categories()) {
    std::string id = c.id;
    wxString text = u8(c.label);
    if (text.length() > 16) {
      size_t middle = text.length() / 2, best = wxString::npos;
      for (size_t i = 0; i < text.length(); ++i)
        if (text[i] == ' ' && (best == wxString::npos || (i > middle ? i - middle : middle - i) <
                                                             (best > middle ? best - middle : middle - best)))
          best = i;
      if (best != wxString::npos) text[best] = '\n';
    }
    auto* tile = big_button(category_tiles_, text, "category." + id, [this, id] {
      flow_->choose_category(id);
      show_screen();
    });
    set_tile_icon(tile, id);
    tile->SetMinSize(wxSize(tile_width, touch_px() * 3));
    sizer->Add(tile, 0, wxALL, FromDIP(10));
  }
  category_tiles_->Layout();
}

void KioskFrame::refresh_review() {
  auto tr = tr_fn;
  std::string category = flow_->category();
  for (const auto& c : flow_->categories())
    if (c.id == flow_->category()) category = c.label;
  std::string text = ui::type_text(flow_->type(), tr) + "\n" + category + "\n\n«" +
                     flow_->summary() + "»\n\n" + ui::format(tr(N_("Employee number: {}")), {flow_->employee()});
  if (!flow_->name().empty()) text += "\n" + flow_->name();
  labels_["review"]->SetLabel(u8(text));
  labels_["review.message"]->SetLabel(u8(flow_->message()));
  buttons_["send"]->Enable(!busy_);
}

void KioskFrame::refresh_receipt() {
  const FiledReport& r = flow_->receipt();
  if (r.outcome == FiledReport::Outcome::Sent) {
    labels_["receipt.title"]->SetLabel(_("Your report was registered. Its number is:"));
    labels_["receipt.number"]->SetLabel(u8(r.tk));
    qr_->SetBitmap(qr_bitmap(r.tk, FromDIP(220)));
    qr_->Show();
    labels_["receipt.detail"]->SetLabel(_("Write it down or scan the code to follow your report."));
  } else {
    labels_["receipt.title"]->SetLabel(_("Saved; it will be sent when the connection is back"));
    labels_["receipt.number"]->SetLabel(u8(r.local_id));
    qr_->Hide();
    labels_["receipt.detail"]->SetLabel(
        _("This is its provisional reference. The service desk will give you its number."));
  }
}

void KioskFrame::refresh_lookup_result() {
  const auto& t = flow_->found();
  if (!t) return;
  auto tr = tr_fn;
  labels_["result.tk"]->SetLabel(u8(t->tk + " — " + t->summary));
  labels_["result.status"]->SetLabel(u8(ui::status_text(t->status, t->visible_level(), t->resolution, options_.language)));
  labels_["result.confirmed"]->SetLabel(
      u8(ui::format(tr(N_("Confirmed by the server: {}")), {ui::local_time(flow_->found_at())})));
  auto* sizer = timeline_->GetSizer();
  sizer->Clear(true);
  for (const auto& step : ui::timeline(*t, tr)) {
    auto* l = new wxStaticText(timeline_, wxID_ANY,
                               u8(std::string(step.reached ? "●" : "○") + "\n" + step.label), wxDefaultPosition,
                               wxDefaultSize, wxALIGN_CENTRE_HORIZONTAL);
    l->SetFont(l->GetFont().Scaled(1.2f));
    if (step.current) l->SetFont(l->GetFont().Bold());
    l->Wrap(std::max(FromDIP(110), GetClientSize().x / 9));
    l->SetForegroundColour(step.reached ? wxColour(0x1b, 0x5e, 0x20) : wxColour(0x90, 0x90, 0x90));
    sizer->Add(l, 1, wxEXPAND);
  }
  timeline_->Layout();
}

void KioskFrame::refresh_admin() {
  int waiting = backend_->waiting_reports();
  auto tr = tr_fn;
  labels_["admin.state"]->SetLabel(
      u8((backend_->online() ? tr(N_("Connected to the service desk")) : tr(N_("No connection"))) + "\n" +
         ui::format(tr(N_("Reports waiting to be sent: {}")), {std::to_string(waiting)})));
}

void KioskFrame::update_status_line() {
  int waiting = backend_->waiting_reports();
  auto tr = tr_fn;
  std::string text = backend_->online() ? tr(N_("Connected")) : tr(N_("No connection"));
  if (waiting) text += " · " + ui::format(tr(N_("Reports waiting to be sent: {}")), {std::to_string(waiting)});
  if (labels_["connection"]->GetLabel() != u8(text)) {
    labels_["connection"]->SetLabel(u8(text));
    labels_["connection"]->GetParent()->Layout();
  }
}

void KioskFrame::submit_report() {
  if (busy_) return;
  busy_ = true;
  buttons_["send"]->Disable();
  NewTicket report = flow_->report();
  // Sent again after a refusal: the refused copy goes, the corrected one is a new report.
  std::string refused = flow_->receipt().outcome == FiledReport::Outcome::Refused ? flow_->receipt().local_id : "";
  std::uint64_t session = flow_->session();
  std::weak_ptr<std::atomic<bool>> alive = alive_;
  run_in_background([this, report, refused, session, alive] {
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

void KioskFrame::submit_lookup() {
  if (busy_ || !flow_->set_lookup_employee(str(fields_["lookup.employee"]->GetValue()))) {
    show_screen();
    return;
  }
  busy_ = true;
  std::string tk = flow_->lookup_tk(), employee = flow_->lookup_employee();
  std::uint64_t session = flow_->session();
  std::weak_ptr<std::atomic<bool>> alive = alive_;
  run_in_background([this, tk, employee, session, alive] {
    auto result = backend_->look_up(tk, employee);
    wxTheApp->CallAfter([this, result, session, alive] {
      if (auto a = alive.lock(); !a || !*a) return;
      busy_ = false;
      if (flow_->session() != session || flow_->screen() != Screen::LookupEmployee) return;
      flow_->looked_up(result);
      fields_["lookup.employee"]->Clear();
      show_screen();
    });
  });
}

void KioskFrame::touched() { flow_->touched(now_ms()); }

void KioskFrame::tick(std::int64_t now) {
  wxString time = wxDateTime::Now().Format("%H:%M");
  if (labels_["clock"]->GetLabel() != time) {
    labels_["clock"]->SetLabel(time);
    labels_["clock"]->GetParent()->Layout();
  }
  if (flow_->check_idle(now)) {
    show_screen();
    return;
  }
  bool visible = flow_->countdown_visible(now);
  labels_["countdown"]->SetLabel(
      visible ? u8(ui::format(tr_fn(N_("Starting over in {} s")), {std::to_string(flow_->seconds_left(now))}))
              : wxString());
  if (now / 1000 % 5 == 0) update_status_line();
}

void KioskFrame::on_char_hook(wxKeyEvent& e) {
  touched();
  // Escape and the like have no way out of the kiosk.
  if (e.GetKeyCode() == WXK_ESCAPE || (e.AltDown() && e.GetKeyCode() == WXK_F4)) return;
  e.Skip();
}

wxWindow* KioskFrame::logo() const { return logo_; }

wxButton* KioskFrame::button(const std::string& name) const {
  auto it = buttons_.find(name);
  return it == buttons_.end() ? nullptr : it->second;
}

wxTextCtrl* KioskFrame::field(const std::string& name) const {
  auto it = fields_.find(name);
  return it == fields_.end() ? nullptr : it->second;
}

wxStaticText* KioskFrame::label(const std::string& name) const {
  auto it = labels_.find(name);
  return it == labels_.end() ? nullptr : it->second;
}

}  // namespace tk::kiosk
