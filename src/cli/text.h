// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vmrun::cli {

// Splits `text` at '\n' (an empty text gives no lines).
std::vector<std::string_view> split_lines(std::string_view text);

// Escapes `text` for use inside a JSON string literal (without the quotes).
std::string json_escape(std::string_view text);

// Returns `text` as a quoted JSON string literal.
std::string json_string(std::string_view text);

} // namespace vmrun::cli
