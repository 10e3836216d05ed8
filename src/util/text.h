// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <string>
#include <string_view>

namespace vmrun::util {

// ASCII case folding: verbs, keywords, -T values, HTTP header names, vmx keys and Windows
// names are compared this way. Bytes outside A-Z (UTF-8 included) are left alone.

// `c` lowered when it is an ASCII capital letter.
char ascii_lower(char c);

// Whether `a` and `b` are equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b);

// Whether `text` starts with `prefix`, ignoring ASCII case.
bool istarts_with(std::string_view text, std::string_view prefix);

// Whether `text` ends with `suffix`, ignoring ASCII case.
bool iends_with(std::string_view text, std::string_view suffix);

// `text` with its ASCII capital letters lowered.
std::string to_lower(std::string_view text);

} // namespace vmrun::util
