// One screen of the kiosk (one value of KioskFlow's Screen): a page of the frame's book
// with a heading on top. A screen shows the flow and passes taps and keys to it; it holds
// no rules of its own and reaches the frame only through ScreenHost.
#pragma once

#include <wx/panel.h>

#include <functional>

#include "kiosk_flow.h"
#include "screen_host.h"

class wxBoxSizer;
class wxButton;

namespace tk::kiosk {

class KioskScreen : public wxPanel {
 public:
  KioskScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow, const wxString& title);

  // Fills the screen in from the flow, just before it is shown.
  virtual void refresh() {}
  // Once it is shown: the focus goes where typing goes.
  virtual void focus() {}
  // The person left (the kiosk went home): what they typed and any message go.
  virtual void clear() {}

 protected:
  ScreenHost& host() const { return host_; }
  KioskFlow& flow() const { return flow_; }
  // The screen's column, below the heading.
  wxBoxSizer* body() const { return body_; }
  // A big button on this screen (make_big_button).
  wxButton* big_button(const wxString& text, std::function<void()> action);
  // A big button that takes one step of the flow, then shows where the step led.
  wxButton* step_button(const wxString& text, std::function<void(KioskFlow&)> step);

 private:
  ScreenHost& host_;
  KioskFlow& flow_;
  wxBoxSizer* body_;
};

}  // namespace tk::kiosk
