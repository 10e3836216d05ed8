// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "core/errors/error.h"
#include "transport/xml.h"

#include <optional>

namespace vmrun::core {

// A VM that asks a question (runtime.question, e.g. "moved or copied?" at power-on) does nothing
// until someone answers: its task stays running. vmrun does not answer on the user's behalf; its
// waits stop at once with this error instead of running into --timeout.

// The error for the question in `question` (a VirtualMachineQuestionInfo value):
// "The virtual machine is waiting for an answer: TEXT (choices: A, B)", each choice by its
// summary (its label when the summary is empty). nullopt when the value holds no question.
std::optional<Error> question_error(const transport::XmlNode& question);

// Throws question_error(question) when there is a question.
void throw_if_asked(const transport::XmlNode& question);

} // namespace vmrun::core
