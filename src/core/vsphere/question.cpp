// SPDX-License-Identifier: Apache-2.0

#include "core/vsphere/question.h"

#include <fmt/format.h>

#include <string>

namespace vmrun::core {

std::optional<Error> question_error(const transport::XmlNode& question)
{
  if (!question || (question.child_text("id").empty() && question.child_text("text").empty())) {
    return std::nullopt;
  }
  std::string choices;
  for (const auto& choice : question.child("choice").children("choiceInfo")) {
    std::string name = choice.child_text("summary");
    if (name.empty()) {
      name = choice.child_text("label");
    }
    choices += (choices.empty() ? "" : ", ") + name;
  }
  // Server text goes in as is: the one place that prints errors makes it one safe line.
  return Error(vix::fail,
               fmt::format("The virtual machine is waiting for an answer: {} (choices: {})",
                           question.child_text("text"), choices));
}

void throw_if_asked(const transport::XmlNode& question)
{
  if (auto error = question_error(question)) {
    throw *std::move(error);
  }
}

} // namespace vmrun::core
