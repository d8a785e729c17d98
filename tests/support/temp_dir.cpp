#include "temp_dir.h"

#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "tk/file_path.h"
#include "tk/text.h"

namespace tk::test {

// A folder of random name, made with create_directory (which fails on an existing name)
// rather than mkdtemp, which Windows does not have. The name is not ASCII on purpose: every
// test that stores a file then checks that paths stay UTF-8 from end to end (on Windows a
// narrow path is read in the ANSI code page, and a profile such as "C:\Users\José Núñez"
// would break).
TempDir::TempDir() {
  auto base = std::filesystem::temp_directory_path();
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto candidate = base / utf8_path("tk-test-Núñez-" + random_uuid().substr(0, 8));
    std::error_code ec;
    if (std::filesystem::create_directory(candidate, ec)) {
      path_ = path_to_utf8(candidate);
      return;
    }
  }
  throw std::runtime_error("no temporary folder could be made in " + path_to_utf8(base));
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(utf8_path(path_), ignored);
}

}  // namespace tk::test
