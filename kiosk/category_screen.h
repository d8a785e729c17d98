// The categories of the chosen type as big tiles, four a row, made again each time the
// screen is shown (the type decides which).
#pragma once

#include <string>
#include <vector>

#include "kiosk_screen.h"

namespace tk::kiosk {

class CategoryScreen : public KioskScreen {
 public:
  CategoryScreen(wxWindow* book, ScreenHost& host, KioskFlow& flow);

  struct Tile {
    std::string category;  // the catalog's id
    wxButton* button;
  };
  const std::vector<Tile>& tiles() const { return tiles_; }
  // The tile of a category now on screen, or null.
  wxButton* tile(const std::string& category) const;

  void refresh() override;

 private:
  wxPanel* tile_panel_;
  std::vector<Tile> tiles_;
};

}  // namespace tk::kiosk
