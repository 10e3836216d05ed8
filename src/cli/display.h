// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "util/terminal_text.h"

#include <string_view>

namespace vmrun::cli {

// What the CLI shows goes through util's terminal text functions (terminal_text.h).
using util::decode_utf8;
using util::is_bidi_control;
using util::k_max_message_chars;
using util::k_no_limit;
using util::one_line;
using util::Utf8Char;

// Whether XML 1.0 can carry `text`: valid UTF-8 without C0 controls other than tab, LF and CR
// (and without U+FFFE/U+FFFF). Arguments failing this are refused before anything is sent.
bool xml_safe(std::string_view text);

} // namespace vmrun::cli
