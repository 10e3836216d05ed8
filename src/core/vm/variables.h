// SPDX-License-Identifier: Apache-2.0

#pragma once

// readVariable / writeVariable for guestVar and runtimeConfig: keys of the VM's extraConfig
// (docs/behaviour.md#variables). guestEnv is a guest operation (not here).
#include "core/vsphere/session.h"
#include "transport/xml.h"

#include <chrono>
#include <string>
#include <string_view>

namespace vmrun::core {

enum class VariableType { guest_var, runtime_config };

// The extraConfig key: "guestinfo.NAME" for guestVar (a NAME that already starts with
// "guestinfo.", in any case, is used as is), NAME itself for runtimeConfig.
std::string extra_config_key(VariableType type, std::string_view name);

// The value of `key` in a config.extraConfig node (ArrayOfOptionValue); "" when absent. Keys
// compare exactly, as the server stores them.
std::string option_value(const transport::XmlNode& extra_config, std::string_view key);

// The variable's value, "" when unset. Reads config.extraConfig with the VM lookup (one round
// trip, no extra call): the indexed path config.extraConfig["key"] would save bytes but is not
// understood by every server (vcsim faults it) and would cost the same round trip.
std::string read_variable(Session& session, const std::string& vmx, VariableType type,
                          std::string_view name);

// ReconfigVM_Task with one extraConfig OptionValue: sets (replaces) the key, or removes it when
// `value` is empty (vSphere deletes an extraConfig key set to "").
void write_variable(Session& session, const std::string& vmx, VariableType type,
                    std::string_view name, std::string_view value, std::chrono::seconds timeout);

} // namespace vmrun::core
