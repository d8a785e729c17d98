#include "tk/messages.h"

#include <cstdint>
#include <cstring>
#include <string_view>
#include <unordered_map>

// es_MX.po compiled by msgfmt at build time (cmake/EmbedBytes.cmake).
extern const unsigned char kSpanishCatalog[];
extern const std::size_t kSpanishCatalogSize;

namespace tk {

namespace {

// A GNU .mo file (the gettext manual, "The Format of GNU MO Files"): a header, then two
// tables of (length, offset) pairs, the originals and their translations. msgfmt writes
// it in the byte order of the machine that built it; the magic number says which.
class MoCatalog {
 public:
  MoCatalog(const unsigned char* data, std::size_t size) : data_(data), size_(size) {
    if (size_ < 28) return;
    std::uint32_t magic = word(0, false);
    if (magic == 0x950412de)
      swapped_ = false;
    else if (word(0, true) == 0x950412de)
      swapped_ = true;
    else
      return;
    std::uint32_t count = word(8), originals = word(12), translations = word(16);
    for (std::uint32_t i = 0; i < count; ++i) {
      auto original = text(originals + 8 * i), translation = text(translations + 8 * i);
      if (original.empty() || translation.empty()) continue;  // the header, or a damaged entry
      // A plural entry's id is "singular\0plural": it is found by its singular.
      entries_.emplace(original.substr(0, original.find('\0')), translation);
    }
  }

  // The translation, with its plural forms separated by NUL; empty when there is none.
  std::string_view find(std::string_view english) const {
    auto it = entries_.find(english);
    return it == entries_.end() ? std::string_view{} : it->second;
  }

 private:
  std::uint32_t word(std::size_t at, bool swapped) const {
    if (at + 4 > size_) return 0;
    std::uint32_t value;
    std::memcpy(&value, data_ + at, 4);
    if (swapped) value = (value >> 24) | ((value >> 8) & 0xff00) | ((value << 8) & 0xff0000) | (value << 24);
    return value;
  }
  std::uint32_t word(std::size_t at) const { return word(at, swapped_); }

  // The string a table entry at `at` points to; empty when it points outside the file.
  std::string_view text(std::size_t at) const {
    std::uint32_t length = word(at), offset = word(at + 4);
    if (offset >= size_ || length >= size_ - offset) return {};
    return {reinterpret_cast<const char*>(data_) + offset, length};
  }

  const unsigned char* data_;
  std::size_t size_;
  bool swapped_ = false;
  std::unordered_map<std::string_view, std::string_view> entries_;
};

const MoCatalog& spanish() {
  static const MoCatalog catalog(kSpanishCatalog, kSpanishCatalogSize);
  return catalog;
}

}  // namespace

const char* translate(Language language, const char* english) {
  if (language == Language::English) return english;
  // The catalog's strings end in NUL (msgfmt writes one after each), so they serve as C strings.
  auto found = spanish().find(english);
  return found.empty() ? english : found.data();
}

std::string translate_plural(Language language, const char* singular, const char* plural, unsigned long n) {
  // Both languages have two forms, the first for one (Plural-Forms: plural=(n != 1)).
  bool one = n == 1;
  if (language == Language::English) return one ? singular : plural;
  auto found = spanish().find(singular);
  if (found.empty()) return one ? singular : plural;
  auto split = found.find('\0');
  if (one || split == std::string_view::npos) return std::string(found.substr(0, split));
  return std::string(found.substr(split + 1));
}

std::string format(std::string text, std::initializer_list<std::string> values) {
  std::size_t from = 0;
  for (const auto& v : values) {
    auto at = text.find("{}", from);
    if (at == std::string::npos) break;
    text.replace(at, 2, v);
    from = at + v.size();
  }
  return text;
}

}  // namespace tk
