// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "cli/settings.h"
#include "core/errors/error.h"

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace vmrun::cli {

// {"error": {"code": N, "message": "..."}} (docs/behaviour.md#json).
std::string json_error(int code, std::string_view message);

// {"count": N, "vms": ["...", ...]} for list and listRegisteredVM.
std::string json_vm_list(const std::vector<std::string>& vms);

// Prints `error` (docs/behaviour.md#exit-status): text: its preamble lines and "Error: <message>"
// on `out`; JSON: one json_error line on `out`. The hint, if any, goes to `err` either way.
void print_error(const core::Error& error, OutputFormat format, std::ostream& out,
                 std::ostream& err);

// Prints a VM listing: "<header><N>" and one vmx path per line, or json_vm_list.
void print_vm_list(std::string_view header, const std::vector<std::string>& vms,
                   OutputFormat format, std::ostream& out);

} // namespace vmrun::cli
