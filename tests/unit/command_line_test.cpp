// The catalogs compiled into the programs without wx, and the command-line parser tkctl and
// tk-server share.
#include <gtest/gtest.h>

#include "tk/command_line.h"
#include "tk/error.h"
#include "tk/messages.h"

namespace tk {
namespace {

TEST(Messages, SpanishComesFromTheCatalogAndEnglishIsTheId) {
  EXPECT_STREQ(translate(Language::Spanish, "Usage:"), "Uso:");
  EXPECT_STREQ(translate(Language::English, "Usage:"), "Usage:");
  EXPECT_STREQ(translate(Language::Spanish, "a message nobody wrote"), "a message nobody wrote");
  // The tray's words are the same catalog's.
  EXPECT_STREQ(translate(Language::Spanish, "Report a fault"), "Reportar una falla");
  EXPECT_EQ(translate_plural(Language::Spanish, "{} answer", "{} answers", 1), "{} respuesta");
  EXPECT_EQ(translate_plural(Language::Spanish, "{} answer", "{} answers", 0), "{} respuestas");
  EXPECT_EQ(translate_plural(Language::English, "{} answer", "{} answers", 2), "{} answers");
  EXPECT_EQ(format(translate(Language::Spanish, "{} needs --{}"), {"report", "type"}), "report necesita --type");
  // The core's errors are catalog ids too: the same words in the server's answers.
  auto error = make_error(ErrorKind::Invalid, "unknown_action", N_("Unknown action."), "action");
  EXPECT_EQ(error.message_in(Language::Spanish), "Acción desconocida.");
  EXPECT_EQ(error.message_in(Language::English), "Unknown action.");
}

cli::CommandLine sample() {
  return cli::CommandLine("tool", "tool COMMAND", {{"json", "", N_("machine-readable output")}},
                          N_("Global options (also TK_SERVER, TK_TOKEN, TK_DATA_DIR):"), {{"note", "N"}, {"all", ""}},
                          {{"kb", "TEXT", N_("the version"), "A", {}, {}, {}},
                           {"kb search", "TEXT", N_("the version"), "A", {"note"}, {}, {}},
                           {"kb show", "ID", N_("the version"), "A", {}, {}, {}},
                           {"queue",
                            "[--all]",
                            N_("machine-readable output"),
                            "B",
                            {"all", "note"},
                            {"note"},
                            [](const cli::Arguments& args, const cli::Command& command) {
                              return command.name == "queue" && args.has("all") ? 7 : 8;
                            }}});
}

TEST(CommandLine, ParsesValuesFlagsAndWordsAndFindsTheLongestCommand) {
  auto line = sample();
  auto args = line.parse({"tool", "kb", "search", "--note=x y", "impresora", "--json"}, Language::English);
  EXPECT_EQ(args.words, (std::vector<std::string>{"kb", "search", "impresora"}));
  EXPECT_EQ(args.get("note"), "x y");
  EXPECT_TRUE(args.has("json"));
  const auto& command = line.command(args, Language::English);
  EXPECT_EQ(command.name, "kb search");
  EXPECT_EQ(cli::CommandLine::operands(args, command), std::vector<std::string>{"impresora"});
  EXPECT_EQ(line.command(line.parse({"tool", "kb", "x"}, Language::English), Language::English).name, "kb");
  // The table's entry runs the command: dispatch is the table's, not an if-chain's.
  auto queue = line.parse({"tool", "queue", "--all", "--note", "n"}, Language::English);
  const auto& found = line.command(queue, Language::English);
  EXPECT_EQ(found.run(queue, found), 7);
}

TEST(CommandLine, MistakesAreUsageErrorsInTheUsersLanguage) {
  auto line = sample();
  auto message = [&](std::vector<std::string> argv) -> std::string {
    try {
      line.command(line.parse(argv, Language::Spanish), Language::Spanish);
    } catch (const cli::UsageError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(message({"tool", "queue", "--bogus"}), "opción desconocida --bogus");
  EXPECT_EQ(message({"tool", "queue", "--all=yes"}), "--all no lleva valor");
  EXPECT_EQ(message({"tool", "queue", "--note"}), "falta el valor de --note");
  EXPECT_EQ(message({"tool", "kb", "show", "--note", "x"}), "kb show no lleva --note");
  EXPECT_EQ(message({"tool", "frobnicate"}), "comando desconocido: frobnicate");
  EXPECT_EQ(message({"tool", "queue", "--all"}), "queue necesita --note") << "an option it cannot do without";
}

TEST(CommandLine, HelpListsEveryCommandUnderItsHeadingAndWrapsAtEightyEightColumns) {
  std::string help = sample().help(Language::Spanish);
  EXPECT_EQ(help.rfind("Uso: tool COMMAND\n", 0), 0u) << help;
  EXPECT_NE(help.find("  --json            salida legible por máquinas\n"), std::string::npos) << help;
  EXPECT_NE(help.find("\nA\n  kb TEXT"), std::string::npos) << help;
  EXPECT_NE(help.find("\nB\n  queue [--all]"), std::string::npos) << help;
  std::string long_text(200, 'x');
  for (std::size_t i = 10; i < long_text.size(); i += 11) long_text[i] = ' ';
  for (std::size_t at = 0, end; at < help.size(); at = end + 1) {
    end = help.find('\n', at);
    EXPECT_LE(end - at, 88u);
  }
  std::string wrapped = cli::wrap(long_text, 20, 88);
  for (std::size_t at = 0, end; at < wrapped.size(); at = end + 1) {
    end = wrapped.find('\n', at);
    EXPECT_LE(end - at, 88u);
    EXPECT_EQ(wrapped.substr(at, 20), std::string(20, ' '));
  }
}

}  // namespace
}  // namespace tk
