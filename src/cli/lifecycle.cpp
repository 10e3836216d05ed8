// SPDX-License-Identifier: Apache-2.0

// deleteVM, upgradevm, installTools, checkToolsState, getGuestIPAddress, readVariable,
// writeVariable (guestEnv: guest_programs.cpp reads it; writing it is not supported).
#include "cli/handlers.h"

#include "cli/display.h"
#include "cli/errors.h"
#include "cli/keywords.h"
#include "cli/text.h"
#include "core/vm/guest_info.h"
#include "core/vm/lifecycle.h"
#include "core/vm/variables.h"

#include <fmt/format.h>

#include <ostream>

namespace vmrun::cli {

namespace {

// The type word's index in {"runtimeConfig", "guestEnv", "guestVar"} (docs/behaviour.md#variables).
enum VariableWord : std::size_t { k_runtime_config = 0, k_guest_env = 1, k_guest_var = 2 };

VariableWord variable_word(const Invocation& invocation)
{
  return static_cast<VariableWord>(
    require_keyword(invocation, 1, {"runtimeConfig", "guestEnv", "guestVar"}));
}

core::VariableType variable_type(VariableWord word)
{
  return word == k_guest_var ? core::VariableType::guest_var : core::VariableType::runtime_config;
}

// The variable name; an empty one names no extraConfig key.
const std::string& variable_name(const Invocation& invocation)
{
  const std::string& name = invocation.params[2];
  if (name.empty()) {
    throw invalid_parameters("vmrun: the variable name is empty");
  }
  return name;
}

} // namespace

int handle_delete_vm(Invocation& invocation)
{
  core::delete_vm(invocation.session(), invocation.params[0], invocation.timeout);
  return 0;
}

int handle_upgrade_vm(Invocation& invocation)
{
  core::upgrade_vm(invocation.session(), invocation.params[0], invocation.timeout);
  return 0;
}

int handle_install_tools(Invocation& invocation)
{
  core::install_tools(invocation.session(), invocation.params[0]);
  return 0;
}

int handle_check_tools_state(Invocation& invocation)
{
  const auto state = core::check_tools_state(invocation.session(), invocation.params[0]);
  const auto word = core::tools_state_word(state);
  if (invocation.format == OutputFormat::json) {
    invocation.out << fmt::format(R"({{"state": {}}})", json_string(word)) << '\n';
  } else {
    invocation.out << word << '\n';
  }
  // "unknown" is a negative answer, not an error (docs/behaviour.md#exit-status).
  return state == core::ToolsState::unknown ? 1 : 0;
}

int handle_get_guest_ip_address(Invocation& invocation)
{
  const bool wait = invocation.params.size() == 2;
  if (wait) {
    require_keyword(invocation, 1, {"-wait"});
  }
  const std::string ip = core::guest_ip_address(invocation.session(), invocation.params[0], wait,
                                                invocation.timeout);
  if (invocation.format == OutputFormat::json) {
    invocation.out << fmt::format(R"({{"ip": {}}})", json_string(ip)) << '\n';
  } else {
    invocation.out << one_line(ip) << '\n';
  }
  return 0;
}

int handle_read_variable(Invocation& invocation)
{
  const VariableWord word = variable_word(invocation);
  if (word == k_guest_env) {
    return handle_read_guest_env(invocation);
  }
  const std::string& name = variable_name(invocation);
  const std::string value = core::read_variable(invocation.session(), invocation.params[0],
                                                variable_type(word), name);
  if (invocation.format == OutputFormat::json) {
    invocation.out << fmt::format(R"({{"type": {}, "name": {}, "value": {}}})",
                                  json_string(word == k_guest_var ? "guestVar" : "runtimeConfig"),
                                  json_string(name), json_string(value))
                   << '\n';
  } else {
    // Unset: an empty line, exit 0 (docs/behaviour.md#variables).
    invocation.out << one_line(value) << '\n';
  }
  return 0;
}

int handle_write_variable(Invocation& invocation)
{
  const VariableWord word = variable_word(invocation);
  if (word == k_guest_env) {
    throw not_supported(); // vSphere cannot set a guest environment variable
  }
  core::write_variable(invocation.session(), invocation.params[0], variable_type(word),
                       variable_name(invocation), invocation.params[3], invocation.timeout);
  return 0;
}

} // namespace vmrun::cli
