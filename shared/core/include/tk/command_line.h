// The command lines of tkctl and tk-server, on one parser: each program lists its
// commands once (name, what it takes, what it does, its options) and that list drives
// parsing, the refusal of what a command does not take, dispatch and help. Every word a
// person reads is a catalog id (tk/messages.h), said in the program's language.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "tk/language.h"

namespace tk::cli {

// A mistake in the command line: the program says it and exits with 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Option {
  std::string name;         // "server", for --server
  std::string placeholder;  // "URL" for an option with a value; empty for a flag
  const char* help = "";    // English catalog id; empty: not listed (an old spelling kept working)
};

struct Arguments;

struct Command {
  std::string name;                                          // "report", "kb search", "token create"
  std::string synopsis;                                      // what follows the name, as typed: "TK [--note N]"
  const char* help;                                          // English catalog id: what it does
  std::string group;                                         // the heading it is listed under, an English catalog id
  std::vector<std::string> options;                          // the options it takes besides the global ones
  std::vector<std::string> required;                         // those it cannot do without: missing, a usage error
  std::function<int(const Arguments&, const Command&)> run;  // what it does; its exit code
};

struct Arguments {
  std::vector<std::string> words;  // the command's name and its operands, in order
  std::map<std::string, std::string> values;
  std::set<std::string> flags;

  // The option's value, else the environment variable's (when named and not empty).
  std::string get(const std::string& name, const char* environment_variable = nullptr) const;
  bool has(const std::string& flag) const { return flags.count(flag) > 0; }
  bool given(const std::string& name) const { return values.count(name) > 0 || flags.count(name) > 0; }
};

class CommandLine {
 public:
  // `usage`: the first line of the help after "Usage: " ("tkctl [--server URL] COMMAND ...").
  CommandLine(std::string program, std::string usage, std::vector<Option> global_options, const char* global_heading,
              std::vector<Option> options, std::vector<Command> commands);

  // Splits argv (argv[0] the program) into words, values and flags: "--name value",
  // "--name=value", "--flag", "-h" (help), "-V" (version). Unknown options, a flag given a
  // value and an option without one are usage errors.
  Arguments parse(const std::vector<std::string>& argv, Language) const;

  // The command the words name (the longest match: "kb search" before "kb"); a usage
  // error naming the words when there is none. Its options are checked against what it
  // takes and what it needs.
  const Command& command(const Arguments&, Language) const;

  // What a program does first with what it was given: --version and --help are answered
  // here (on standard output, exit 0), no command at all with the help on standard error
  // (exit 2); `answered` then holds the exit code and the answer is null. Otherwise, the
  // command to run, its options checked.
  const Command* command_to_run(const Arguments&, Language, const std::string& version, int& answered) const;

  // The words after the command's name.
  static std::vector<std::string> operands(const Arguments&, const Command&);

  // The whole help, by heading, in `language`; or one command's ("tkctl report --help").
  std::string help(Language) const;
  std::string help(const Command&, Language) const;

 private:
  const Option* find_option(const std::string& name) const;
  const Command* lookup(const Arguments&) const;  // the longest match, unchecked; null for none
  std::string entry(const Command&, Language) const;

  std::string program_, usage_;
  std::vector<Option> global_options_;
  const char* global_heading_;
  std::vector<Option> options_;
  std::vector<Command> commands_;
};

// `text` broken into lines of at most `width` columns (UTF-8 characters), each after `indent`
// spaces; a word longer than a line stands alone.
std::string wrap(const std::string& text, std::size_t indent, std::size_t width);

}  // namespace tk::cli
