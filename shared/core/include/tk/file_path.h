// The project keeps every path as UTF-8 text (std::string). On Windows a std::filesystem::path
// made from narrow text reads it in the ANSI code page, so "C:\Users\José Núñez" would
// become another folder: every path goes to the file system through these two functions.
#pragma once

#include <filesystem>
#include <string>

namespace tk {

inline std::filesystem::path utf8_path(const std::string& utf8) { return std::filesystem::u8path(utf8); }

inline std::string path_to_utf8(const std::filesystem::path& path) { return path.u8string(); }

}  // namespace tk
