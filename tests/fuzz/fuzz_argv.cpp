// SPDX-License-Identifier: Apache-2.0

// A whole vmrun command line, as cli::run takes it, up to the first byte sent to a host:
// split_command_line and parse_global_options (argv.h), find_verb and accepts_param_count
// (verbs.h), resolve_settings with an injected environment (settings.h), xml_safe on the
// parameters and credentials as dispatch checks them (display.h), the verb's own
// handler (its keywords and options, clone's arguments, keystroke text, pids...), and the
// credentials (connect_options, guest_credentials with an injected prompter), and the error
// printed as run() prints it (print_error, text or JSON: one line, whatever the message quotes).
// The handler's session getter throws instead of connecting, so nothing leaves the process.
//
// Input: argv tokens separated by NUL bytes (argv cannot hold one); a token that starts with
// \x01 is an environment variable "\x01NAME=value" instead of an argument.
#include "cli/argv.h"
#include "cli/connect.h"
#include "cli/display.h"
#include "cli/output.h"
#include "cli/settings.h"
#include "cli/verbs.h"
#include "core/errors/error.h"
#include "fuzz_support.h"

#include <algorithm>
#include <map>
#include <sstream>

using namespace vmrun;

namespace {

// Thrown where the verb would connect: the end of what can be fuzzed without a network.
struct WouldConnect {};

bool reads_host_files(std::string_view verb)
{
  // Opens the host file its argument names before connecting: not with fuzzer-made paths.
  return verb == "CopyFileFromHostToGuest";
}

// dispatch's check before any handler runs: what XML cannot carry is refused.
bool dispatch_accepts(const std::vector<std::string>& params, const cli::Settings& settings)
{
  for (const auto& param : params) {
    if (!cli::xml_safe(param)) {
      return false;
    }
  }
  for (const auto* credential :
       {&settings.user, &settings.password, &settings.guest_user, &settings.guest_password}) {
    if (*credential && !cli::xml_safe(**credential)) {
      return false;
    }
  }
  return true;
}

void run_verb(const cli::CommandLine& line, const cli::GlobalOptions& options,
              const cli::Environment& env, const cli::Prompter& prompter, std::ostream& out,
              std::ostream& err)
{
  const cli::Verb* verb = cli::find_verb(line.verb);
  if (!verb || reads_host_files(verb->name)) {
    return;
  }
  const cli::Settings settings = cli::resolve_settings(options, env);
  if (!cli::accepts_param_count(*verb, line.params.size()) ||
      !dispatch_accepts(line.params, settings) || !verb->handler) {
    return;
  }
  cli::Invocation invocation{*verb,
                             line.params,
                             out,
                             err,
                             settings.format,
                             cli::Progress::off,
                             settings.timeout,
                             [&]() -> core::Session& {
                               (void)cli::connect_options(settings, prompter, err,
                                                          cli::StderrTty::no);
                               throw WouldConnect{};
                             },
                             [&] { return cli::guest_credentials(settings, prompter); }};
  (void)verb->handler(invocation);
}

void run(const std::vector<std::string>& args, const std::map<std::string, std::string>& vars)
{
  const cli::Environment env = [&](std::string_view name) -> std::optional<std::string> {
    const auto it = vars.find(std::string(name));
    return it == vars.end() || it->second.empty() ? std::nullopt : std::optional(it->second);
  };
  const cli::CommandLine line = cli::split_command_line(args);
  const cli::GlobalOptions options = cli::parse_global_options(line.global);
  if (!line.has_verb) {
    return;
  }
  // Without a terminal to ask on, then with one that answers every prompt.
  for (const bool answers : {false, true}) {
    const cli::Prompter prompter = [&](std::string_view, cli::Echo) {
      return answers ? std::optional<std::string>("answer") : std::nullopt;
    };
    std::ostringstream out;
    std::ostringstream err;
    try {
      run_verb(line, options, env, prompter, out, err);
    } catch (const WouldConnect&) {
    } catch (const core::Error& error) {
      const bool json = options.json;
      std::ostringstream printed;
      cli::print_error(error, json ? cli::OutputFormat::json : cli::OutputFormat::text, printed,
                       err);
      const std::string text = printed.str();
      const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
      fuzz::require(lines == (json ? 1 : error.preamble().size() + 1) && text.ends_with('\n'),
                    "an error prints its own lines, no more");
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  std::vector<std::string> args;
  std::map<std::string, std::string> vars;
  if (size > 0) {
    for (auto& token : fuzz::split_at_nul(fuzz::as_text(data, size))) {
      if (token.starts_with('\x01')) {
        const auto equals = token.find('=');
        vars[token.substr(1, equals == std::string::npos ? equals : equals - 1)] =
          equals == std::string::npos ? std::string() : token.substr(equals + 1);
      } else {
        args.push_back(std::move(token));
      }
    }
  }
  try {
    run(args, vars);
  } catch (const cli::InvalidArgument&) {
  }
  return 0;
}
