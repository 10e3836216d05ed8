// SPDX-License-Identifier: Apache-2.0

#include "cli/keywords.h"

#include "cli/help.h"
#include "util/text.h"

namespace vmrun::cli {

std::optional<std::size_t> find_keyword(std::string_view token,
                                        std::initializer_list<std::string_view> words)
{
  std::size_t index = 0;
  for (const auto word : words) {
    if (util::iequals(token, word)) {
      return index;
    }
    ++index;
  }
  return std::nullopt;
}

std::size_t require_keyword(const Invocation& invocation, std::size_t index,
                            std::initializer_list<std::string_view> words)
{
  if (index < invocation.params.size()) {
    if (auto found = find_keyword(invocation.params[index], words)) {
      return *found;
    }
  }
  throw usage_error(invocation.verb);
}

} // namespace vmrun::cli
