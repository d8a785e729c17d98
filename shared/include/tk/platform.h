// What differs per operating system, behind one header: the machine's description that a
// report carries, and the folders where a user's data and logs live. One source file per
// platform in src/platform/ (Linux now; the Windows file is compiled by the Windows build).
#pragma once

#include <string>
#include <string_view>

#include "tk/domain.h"

namespace tk::platform {

// Host name, operating system and version, user name and the non-loopback IP addresses.
Device machine_info();

// The user's data folder for `app` (XDG_DATA_HOME or ~/.local/share on Linux,
// %LOCALAPPDATA% on Windows), created if missing.
std::string user_data_dir(std::string_view app);

}  // namespace tk::platform
