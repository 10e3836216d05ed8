// SPDX-License-Identifier: Apache-2.0

// clone (decisions.md 21): parse, one core call with a progress bar, nothing printed on success.
#include "cli/clone.h"

#include "cli/handlers.h"
#include "cli/help.h"
#include "cli/progress.h"
#include "util/text.h"

#include <string_view>

namespace vmrun::cli {

namespace {

// "-name=value" -> value when the option name matches (case-insensitively).
std::optional<std::string> option_value(std::string_view token, std::string_view name)
{
  if (token.size() <= name.size() + 1 || token[name.size()] != '=' ||
      !util::istarts_with(token, name)) {
    return std::nullopt;
  }
  return std::string(token.substr(name.size() + 1));
}

} // namespace

std::optional<core::CloneRequest> parse_clone_args(const std::vector<std::string>& params)
{
  if (params.size() < 3) {
    return std::nullopt;
  }
  core::CloneRequest request{params[0], params[1], false, {}, {}};
  if (util::iequals(params[2], "linked")) {
    request.linked = true;
  } else if (!util::iequals(params[2], "full")) {
    return std::nullopt;
  }
  for (std::size_t i = 3; i < params.size(); ++i) {
    const std::string& token = params[i];
    std::optional<std::string> value;
    std::optional<std::string>* slot = nullptr;
    if (util::iequals(token, "-snapshot")) { // PACKER's two-token form
      if (i + 1 >= params.size()) {
        return std::nullopt;
      }
      value = params[++i];
      slot = &request.snapshot;
    } else if ((value = option_value(token, "-snapshot"))) {
      slot = &request.snapshot;
    } else if ((value = option_value(token, "-cloneName"))) {
      slot = &request.clone_name;
    } else {
      return std::nullopt;
    }
    if (slot->has_value() || value->empty()) {
      return std::nullopt;
    }
    *slot = std::move(value);
  }
  return request;
}

int handle_clone(Invocation& invocation)
{
  const auto request = parse_clone_args(invocation.params);
  if (!request) {
    throw usage_error(invocation.verb);
  }
  ProgressBar bar(invocation.err, invocation.progress, "Cloning");
  core::clone_vm(invocation.session(), *request, invocation.timeout, bar.callback());
  return 0;
}

} // namespace vmrun::cli
