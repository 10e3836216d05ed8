// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace vmrun::cli {

// Whether the typed answer is shown (user names) or hidden (passwords).
enum class Echo { on, off };

// Asks `question` and returns the answer without its newline; nullopt when there is no
// terminal to ask on. Injected so credential resolution stays testable.
using Prompter = std::function<std::optional<std::string>(std::string_view question, Echo echo)>;

// Prompts on /dev/tty (never stdout), with echo off for every prompt
// (docs/behaviour.md#credentials).
std::optional<std::string> prompt_on_tty(std::string_view question, Echo echo);

// Returns `given` if set, else asks `prompter`; throws `missing` when neither answers.
template <typename MakeError>
std::string given_or_prompted(const std::optional<std::string>& given, std::string_view question,
                              Echo echo, const Prompter& prompter, MakeError missing)
{
  if (given) {
    return *given;
  }
  if (auto answer = prompter(question, echo)) {
    return *answer;
  }
  throw missing();
}

} // namespace vmrun::cli
