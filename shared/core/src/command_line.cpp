#include "tk/command_line.h"

#include <iostream>

#include "tk/messages.h"
#include "tk/platform.h"

namespace tk::cli {

namespace {

constexpr std::size_t kWidth = 88;   // columns of the help text
constexpr std::size_t kIndent = 20;  // where descriptions start

std::size_t columns(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

bool starts_with(const std::vector<std::string>& words, const std::string& name) {
  std::size_t at = 0, i = 0;
  for (; at < name.size(); ++i) {
    auto end = name.find(' ', at);
    std::string part = name.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (i >= words.size() || words[i] != part) return false;
    at = end == std::string::npos ? name.size() : end + 1;
  }
  return true;
}

std::size_t word_count(const std::string& name) {
  std::size_t n = 1;
  for (char c : name) n += c == ' ';
  return n;
}

}  // namespace

std::string Arguments::get(const std::string& name, const char* environment_variable) const {
  if (auto it = values.find(name); it != values.end()) return it->second;
  if (environment_variable)
    if (auto v = platform::environment_variable(environment_variable); !v.empty()) return v;
  return {};
}

CommandLine::CommandLine(std::string program, std::string usage, std::vector<Option> global_options,
                         const char* global_heading, std::vector<Option> options, std::vector<Command> commands)
    : program_(std::move(program)),
      usage_(std::move(usage)),
      global_options_(std::move(global_options)),
      global_heading_(global_heading),
      options_(std::move(options)),
      commands_(std::move(commands)) {}

const Option* CommandLine::find_option(const std::string& name) const {
  for (const auto* list : {&global_options_, &options_})
    for (const auto& o : *list)
      if (o.name == name) return &o;
  return nullptr;
}

Arguments CommandLine::parse(const std::vector<std::string>& argv, Language language) const {
  Arguments args;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-h" || a == "-V") {
      args.flags.insert(a == "-h" ? "help" : "version");
      continue;
    }
    if (a.rfind("--", 0) != 0 || a.size() == 2) {
      args.words.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool inline_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    const Option* option = find_option(name);
    if (!option) throw UsageError(format(translate(language, N_("unknown option --{}")), {name}));
    if (option->placeholder.empty()) {
      if (inline_value) throw UsageError(format(translate(language, N_("--{} takes no value")), {name}));
      args.flags.insert(name);
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= argv.size()) throw UsageError(format(translate(language, N_("--{} needs a value")), {name}));
      value = argv[++i];
    }
    args.values[name] = value;
  }
  return args;
}

const Command* CommandLine::lookup(const Arguments& args) const {
  const Command* best = nullptr;
  for (const auto& c : commands_)
    if (starts_with(args.words, c.name) && (!best || word_count(c.name) > word_count(best->name))) best = &c;
  return best;
}

const Command& CommandLine::command(const Arguments& args, Language language) const {
  const Command* best = lookup(args);
  if (!best) {
    std::string named = args.words.empty() ? std::string() : args.words.front();
    // "kb" or "kb frobnicate": the family is known, and what it does is said.
    std::string family;
    for (const auto& c : commands_)
      if (!named.empty() && c.name.rfind(named + " ", 0) == 0)
        family += (family.empty() ? "" : ", ") + c.name.substr(named.size() + 1);
    if (!family.empty()) throw UsageError(format(translate(language, N_("{} needs one of: {}")), {named, family}));
    throw UsageError(format(translate(language, N_("unknown command: {}")), {named}));
  }
  auto check = [&](const std::string& option) {
    for (const auto& g : global_options_)
      if (g.name == option) return;
    for (const auto& o : best->options)
      if (o == option) return;
    throw UsageError(format(translate(language, N_("{} takes no --{}")), {best->name, option}));
  };
  for (const auto& [option, value] : args.values) check(option);
  for (const auto& flag : args.flags) check(flag);
  for (const auto& option : best->required)
    if (!args.given(option)) throw UsageError(format(translate(language, N_("{} needs --{}")), {best->name, option}));
  return *best;
}

const Command* CommandLine::command_to_run(const Arguments& args, Language language, const std::string& version,
                                           int& answered) const {
  answered = 0;
  if (args.has("version")) {
    std::cout << program_ << " " << version << "\n";
    return nullptr;
  }
  if (args.words.empty()) {
    // Asked for, the help goes to standard output with success; as the answer to nothing
    // to do, to standard error with 2.
    (args.has("help") ? std::cout : std::cerr) << help(language);
    answered = args.has("help") ? 0 : 2;
    return nullptr;
  }
  if (args.has("help")) {
    // "tkctl kb --help": every command of the family.
    std::string family;
    if (args.words.size() == 1)
      for (const auto& c : commands_)
        if (c.name.rfind(args.words[0] + " ", 0) == 0) family += entry(c, language);
    if (!family.empty()) {
      std::cout << translate(language, N_("Usage:")) << " " << program_ << " " << args.words[0] << " ...\n\n" << family;
      return nullptr;
    }
    // Help is what someone asks for before they know what a command needs.
    const Command* asked = lookup(args);
    std::cout << help(asked ? *asked : command(args, language), language);
    return nullptr;
  }
  return &command(args, language);
}

std::vector<std::string> CommandLine::operands(const Arguments& args, const Command& command) {
  std::size_t skip = word_count(command.name);
  return {args.words.begin() + static_cast<std::ptrdiff_t>(std::min(skip, args.words.size())), args.words.end()};
}

namespace {

// `head` broken at spaces into lines of kWidth columns, the first after `lead`, the rest
// under `hanging` spaces.
std::string wrap_head(const std::string& lead, const std::string& head, std::size_t hanging) {
  // An option stays with its value: "--urgency N" is never split.
  std::vector<std::string> words;
  for (std::size_t at = 0; at < head.size();) {
    auto end = head.find(' ', at);
    std::string word = head.substr(at, end == std::string::npos ? std::string::npos : end - at);
    at = end == std::string::npos ? head.size() : end + 1;
    bool value = !words.empty() && !word.empty() && word[0] != '-' && word[0] != '[' && word[0] != '|';
    const std::string& previous = words.empty() ? word : words.back();
    bool after_option = previous.find("--") != std::string::npos && previous.back() != ']';
    if (value && after_option)
      words.back() += " " + word;
    else
      words.push_back(word);
  }
  std::string out = lead;
  std::size_t column = columns(lead);
  bool first = true;
  for (const auto& word : words) {
    if (!first && column + 1 + columns(word) > kWidth) {
      out += "\n" + std::string(hanging, ' ');
      column = hanging;
    } else if (!first) {
      out += " ";
      ++column;
    }
    out += word;
    column += columns(word);
    first = false;
  }
  return out;
}

}  // namespace

std::string CommandLine::entry(const Command& c, Language language) const {
  std::string synopsis = c.synopsis.empty() ? "" : translate(language, c.synopsis.c_str());
  std::string head = wrap_head("  ", c.name + (synopsis.empty() ? "" : " " + synopsis), 2 + columns(c.name) + 1);
  std::string text = wrap(translate(language, c.help), kIndent, kWidth);
  // A short head keeps the description on its line: "  sync              sends...".
  if (head.find('\n') == std::string::npos && columns(head) + 2 <= kIndent) return head + text.substr(columns(head));
  return head + "\n" + text;
}

std::string CommandLine::help(const Command& c, Language language) const {
  std::string synopsis = c.synopsis.empty() ? "" : translate(language, c.synopsis.c_str());
  std::string lead = translate(language, N_("Usage:")) + std::string(" ") + program_ + " ";
  return wrap_head(lead, c.name + (synopsis.empty() ? "" : " " + synopsis), columns(lead) + columns(c.name) + 1) +
         "\n\n" + wrap(translate(language, c.help), 2, kWidth);
}

std::string CommandLine::help(Language language) const {
  std::string out = translate(language, N_("Usage:")) + std::string(" ") + translate(language, usage_.c_str()) +
                    "\n\n" + translate(language, global_heading_) + "\n";
  for (const auto& o : global_options_) {
    if (!*o.help) continue;
    std::string head = "  --" + o.name + (o.placeholder.empty() ? "" : " " + o.placeholder);
    if (o.name == "help") head = "  -h, --help";
    if (o.name == "version") head = "  -V, --version";
    std::string text = wrap(translate(language, o.help), kIndent, kWidth);
    if (columns(head) + 2 <= kIndent)
      out += head + text.substr(columns(head));
    else
      out += head + "\n" + text;
  }
  std::string heading;
  for (const auto& c : commands_) {
    if (c.group != heading) {
      heading = c.group;
      out += "\n" + std::string(translate(language, heading.c_str())) + "\n";
    }
    out += entry(c, language);
  }
  return out;
}

std::string wrap(const std::string& text, std::size_t indent, std::size_t width) {
  std::string out, line;
  auto flush = [&] {
    out += std::string(indent, ' ') + line + "\n";
    line.clear();
  };
  std::size_t at = 0;
  while (at < text.size()) {
    auto end = text.find_first_of(" \n", at);
    std::string word = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
    bool newline = end != std::string::npos && text[end] == '\n';
    at = end == std::string::npos ? text.size() : end + 1;
    if (!word.empty()) {
      if (!line.empty() && indent + columns(line) + 1 + columns(word) > width) flush();
      line += (line.empty() ? "" : " ") + word;
    }
    if (newline && !line.empty()) flush();
  }
  if (!line.empty()) flush();
  return out;
}

}  // namespace tk::cli
