// SPDX-License-Identifier: Apache-2.0

#include "cli/argv.h"

#include "cli/flags.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <string_view>

namespace vmrun::cli {

InvalidArgument::InvalidArgument(std::string arg)
  : std::runtime_error("Invalid argument: " + arg), m_arg(std::move(arg))
{
}

namespace {

std::string normalised(const GlobalFlag& flag, const std::string* value)
{
  std::string result = "--" + std::string(flag.key);
  if (value) {
    result += '=' + *value;
  }
  return result;
}

// Handles "--name=value"; returns the normalised token.
std::string normalise_inline_value(const std::string& token)
{
  const auto equals = token.find('=');
  const GlobalFlag* flag = find_global_flag(std::string_view(token).substr(0, equals));
  if (!flag || flag->value != FlagValue::required || !flag->spelling.starts_with("--")) {
    throw InvalidArgument(token);
  }
  const std::string value = token.substr(equals + 1);
  return normalised(*flag, &value);
}

} // namespace

CommandLine split_command_line(std::span<const std::string> args)
{
  CommandLine line;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& token = args[i];
    if (token.empty() || token[0] != '-') {
      line.verb = token;
      line.has_verb = true;
      line.params.assign(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    }
    if (token.starts_with("--") && token.find('=') != std::string::npos) {
      line.global.push_back(normalise_inline_value(token));
      continue;
    }
    const GlobalFlag* flag = find_global_flag(token);
    if (!flag) {
      throw InvalidArgument(token);
    }
    if (flag->value == FlagValue::none) {
      line.global.push_back(normalised(*flag, nullptr));
      continue;
    }
    if (i + 1 == args.size()) {
      throw InvalidArgument(token);
    }
    line.global.push_back(normalised(*flag, &args[++i]));
  }
  return line;
}

GlobalOptions parse_global_options(const std::vector<std::string>& global)
{
  GlobalOptions options;
  CLI::App app;
  app.set_help_flag(); // -h is vmrun's host flag; help is ours to print
  std::optional<std::string>* targets[] = {&options.host,       &options.port,
                                           &options.host_type,  &options.user,
                                           &options.password,   &options.vm_password,
                                           &options.guest_user, &options.guest_password,
                                           &options.thumbprint, &options.ca_file,
                                           &options.tls,        &options.timeout};
  const char* names[] = {"--host",       "--port",        "--host-type",  "--user",
                         "--password",   "--vm-password", "--guest-user", "--guest-password",
                         "--thumbprint", "--ca-file",     "--tls",        "--timeout"};
  for (std::size_t i = 0; i < std::size(names); ++i) {
    // expected(0, 1): CLI11 2.1.2 refuses "--key=" otherwise, and an empty value is legal.
    app.add_option(names[i], *targets[i])
      ->expected(0, 1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  }
  app.add_flag("--insecure", options.insecure);
  app.add_flag("--debug", options.debug);
  app.add_flag("--json", options.json);
  app.add_flag("--no-progress", options.no_progress);
  app.add_flag("--no-session-cache", options.no_session_cache);
  app.add_flag("--help", options.help);
  app.add_flag("--version", options.version);

  std::vector<std::string> reversed(global.rbegin(), global.rend()); // CLI11 wants it reversed
  try {
    app.parse(reversed);
  } catch (const CLI::Error&) {
    throw InvalidArgument(global.empty() ? std::string() : global.front());
  }
  return options;
}

} // namespace vmrun::cli
