// What the GUI tests share: letting the UI run until something holds (gui_wait.h), a click
// where a person would click, and a screenshot of the whole (virtual) screen.
#pragma once

#include <gtest/gtest.h>
#include <wx/app.h>
#include <wx/display.h>
#include <wx/uiaction.h>
#include <wx/window.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "gui_wait.h"
#include "server_process.h"

namespace tk::test {

// What is on the screen, as the X server has it (ImageMagick's import), for a person to
// look at; the test only checks that it was written.
inline void save_screenshot(const std::string& name) {
  settle();
  std::filesystem::create_directories(TK_SCREENSHOT_DIR);
  std::string path = std::string(TK_SCREENSHOT_DIR) + "/" + name + ".png";
  auto r = run_program({"/usr/bin/import", "-window", "root", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

inline void click(wxWindow* w) {
  ASSERT_TRUE(w);
  ASSERT_TRUE(w->IsShownOnScreen()) << w->GetLabel();
  // Out of its scrolled form's view, a person scrolls to it first: the focus does the same.
  auto inside_view = [w] {
    wxPoint centre = w->GetScreenPosition() + wxPoint(w->GetSize().x / 2, w->GetSize().y / 2);
    for (wxWindow* parent = w->GetParent(); parent; parent = parent->GetParent())
      if (!parent->GetScreenRect().Contains(centre)) return false;
    return wxDisplay(wxDisplay::GetFromWindow(w) == wxNOT_FOUND ? 0u
                                                                : static_cast<unsigned>(wxDisplay::GetFromWindow(w)))
        .GetGeometry()
        .Contains(centre);
  };
  if (!inside_view()) {
    w->SetFocus();
    settle();
  }
  wxUIActionSimulator sim;
  sim.MouseMove(w->GetScreenPosition() + wxPoint(w->GetSize().x / 2, w->GetSize().y / 2));
  settle();
  sim.MouseClick();
  settle();
}

}  // namespace tk::test
