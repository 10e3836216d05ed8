// SPDX-License-Identifier: Apache-2.0

// clone (docs/behaviour.md#clone; placement and customization: docs/behaviour.md#clone-placement):
// parse, one core call with a progress bar, nothing printed on success.
#include "cli/clone.h"

#include "cli/handlers.h"
#include "cli/help.h"
#include "cli/progress_bar.h"
#include "util/text.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace vmrun::cli {

namespace {

// The options after full|linked, each given once as "-name=value" or "-name value" (names in any
// case, values non-empty).
struct CloneOption {
  std::string_view name;
  std::optional<std::string> core::CloneRequest::*slot;
};

constexpr std::array<CloneOption, 6> k_options{{
  {"-snapshot", &core::CloneRequest::snapshot},
  {"-cloneName", &core::CloneRequest::clone_name},
  {"-pool", &core::CloneRequest::pool},
  {"-host", &core::CloneRequest::host},
  {"-folder", &core::CloneRequest::folder},
  {"-customize", &core::CloneRequest::customize},
}};

} // namespace

std::optional<core::CloneRequest> parse_clone_args(const std::vector<std::string>& params)
{
  if (params.size() < 3) {
    return std::nullopt;
  }
  core::CloneRequest request;
  request.source = params[0];
  request.destination = params[1];
  if (util::iequals(params[2], "linked")) {
    request.linked = true;
  } else if (!util::iequals(params[2], "full")) {
    return std::nullopt;
  }
  for (std::size_t i = 3; i < params.size(); ++i) {
    const std::string_view token = params[i];
    const auto equals = token.find('=');
    const std::string_view name = token.substr(0, equals);
    const auto option = std::find_if(k_options.begin(), k_options.end(), [&](const CloneOption& o) {
      return util::iequals(name, o.name);
    });
    if (option == k_options.end()) {
      return std::nullopt;
    }
    std::string value;
    if (equals != std::string_view::npos) {
      value = token.substr(equals + 1);
    } else if (i + 1 < params.size()) {
      value = params[++i];
    } else {
      return std::nullopt;
    }
    std::optional<std::string>& slot = request.*(option->slot);
    if (slot.has_value() || value.empty()) {
      return std::nullopt;
    }
    slot = std::move(value);
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
