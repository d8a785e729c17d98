// tk-bare-tray: the smallest wxWidgets tray program (an icon, nothing else), built in the
// same tree with the same flags, as the yardstick for tk-tray's idle memory.
#include <wx/app.h>
#include <wx/bitmap.h>
#include <wx/bmpbndl.h>
#include <wx/image.h>
#include <wx/taskbar.h>

#include <iostream>
#include <memory>

class BareTray : public wxApp {
 public:
  bool OnInit() override {
    wxImage image(22, 22);
    image.SetRGB(wxRect(0, 0, 22, 22), 0x1b, 0x7f, 0x3b);
    icon_ = std::make_unique<wxTaskBarIcon>();
    icon_->SetIcon(wxBitmapBundle(wxBitmap(image)), "bare");
    CallAfter([this] { ready(); });
    return true;
  }
  int OnExit() override {
    icon_.reset();
    return 0;
  }

 private:
  void ready() {
    if (!icon_->IsIconInstalled()) {
      CallAfter([this] { ready(); });
      return;
    }
    std::cout << "ready" << std::endl;
  }
  std::unique_ptr<wxTaskBarIcon> icon_;
};

wxIMPLEMENT_APP(BareTray);
