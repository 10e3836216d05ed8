// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace vmrun::util {

// Text that reaches a terminal or a script from somewhere we do not control (a server's
// faultstring, a guest's file names, the user's own arguments echoed back) must not be able to
// forge output lines or drive the terminal. These functions make it safe to show.

// Longest message (an error's text, a hint line) shown, in characters; longer ones end in
// "...". Data lines (paths, names, values) are escaped but never cut: scripts read them.
inline constexpr std::size_t k_max_message_chars = 1024;
inline constexpr std::size_t k_no_limit = static_cast<std::size_t>(-1);

// One UTF-8 sequence decoded from the front of `text`: its code point and length in bytes, or
// nullopt when the first byte does not start a valid, shortest-form sequence (then one byte is
// consumed as invalid).
struct Utf8Char {
  char32_t code_point;
  std::size_t length;
};
std::optional<Utf8Char> decode_utf8(std::string_view text);

// Whether `code_point` reorders text on a terminal: the bidi marks (U+061C, U+200E, U+200F),
// embedding and override controls (U+202A-U+202E) and isolates (U+2066-U+2069).
bool is_bidi_control(char32_t code_point);

// `text` as one line for a terminal: line breaks (LF, CR, CRLF) become one space; other C0
// controls (tab included: it could line up forged columns), DEL and invalid UTF-8 bytes become
// "\xnn"; C1 controls and bidi controls become "\unnnn" (lower-case hex, as JSON writes it); past
// `max_chars` characters the text is cut and "..." appended.
std::string one_line(std::string_view text, std::size_t max_chars = k_no_limit);

} // namespace vmrun::util
