// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace vmrun::cli {

// The command line split at the verb: flags first, each legacy flag taking the next token
// whatever it looks like (docs/behaviour.md#command-line).
struct CommandLine {
  std::vector<std::string> global; // normalised global flags: "--key=value" or "--key"
  std::string verb;                // the first token that is not a flag; empty when none
  bool has_verb = false;           // false: no verb at all (an empty token is still a verb)
  std::vector<std::string> params; // everything after the verb, verbatim
};

// vmrun's answer to an unknown flag or a flag without its value: "Invalid argument: <arg>".
class InvalidArgument : public std::runtime_error
{
public:
  explicit InvalidArgument(std::string arg);
  const std::string& arg() const { return m_arg; }

private:
  std::string m_arg;
};

// Splits `args` (argv without the program name) into global flags, verb and parameters.
// Each flag that takes a value swallows the next token unconditionally, even one that looks
// like a verb or a flag; legacy flags (-h, -gu, ...) become their internal long names.
// Throws InvalidArgument.
CommandLine split_command_line(std::span<const std::string> args);

// The global flags, as given (nothing resolved or validated yet).
struct GlobalOptions {
  std::optional<std::string> host_type;
  std::optional<std::string> host;
  std::optional<std::string> port;
  std::optional<std::string> user;
  std::optional<std::string> password;
  std::optional<std::string> vm_password;
  std::optional<std::string> guest_user;
  std::optional<std::string> guest_password;
  std::optional<std::string> thumbprint;
  std::optional<std::string> ca_file;
  std::optional<std::string> tls;
  std::optional<std::string> timeout;
  bool insecure = false;
  bool debug = false;
  bool json = false;
  bool no_progress = false;
  bool no_session_cache = false;
  bool help = false;
  bool version = false;
};

// Parses the normalised global part of a CommandLine with CLI11 (a repeated flag: the last
// one wins). Throws InvalidArgument; CLI11 never prints or exits by itself.
GlobalOptions parse_global_options(const std::vector<std::string>& global);

} // namespace vmrun::cli
