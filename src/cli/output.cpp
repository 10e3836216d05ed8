// SPDX-License-Identifier: Apache-2.0

#include "cli/output.h"

#include "cli/display.h"
#include "cli/text.h"

#include <fmt/format.h>

#include <ostream>

namespace vmrun::cli {

std::string json_error(int code, std::string_view message)
{
  return fmt::format(R"({{"error": {{"code": {}, "message": {}}}}})", code, json_string(message));
}

std::string json_vm_list(const std::vector<std::string>& vms)
{
  std::string list;
  for (const auto& vm : vms) {
    list += (list.empty() ? "" : ", ") + json_string(vm);
  }
  return fmt::format(R"({{"count": {}, "vms": [{}]}})", vms.size(), list);
}

void print_error(const core::Error& error, OutputFormat format, std::ostream& out,
                 std::ostream& err)
{
  if (format == OutputFormat::json) {
    out << json_error(error.code(), error.what()) << '\n';
  } else {
    for (const auto& line : error.preamble()) {
      out << one_line(line, k_max_message_chars) << '\n';
    }
    // Messages often quote a server or the user: one line, so nothing can forge another.
    out << "Error: " << one_line(error.what(), k_max_message_chars) << '\n';
  }
  for (const auto line : split_lines(error.hint())) {
    err << one_line(line, k_max_message_chars) << '\n';
  }
}

void print_vm_list(std::string_view header, const std::vector<std::string>& vms,
                   OutputFormat format, std::ostream& out)
{
  if (format == OutputFormat::json) {
    out << json_vm_list(vms) << '\n';
    return;
  }
  out << header << vms.size() << '\n';
  for (const auto& vm : vms) {
    out << one_line(vm) << '\n';
  }
}

} // namespace vmrun::cli
