// SPDX-License-Identifier: Apache-2.0

#include "cli/display.h"

namespace vmrun::cli {

bool xml_safe(std::string_view text)
{
  while (!text.empty()) {
    const auto decoded = decode_utf8(text);
    if (!decoded) {
      return false;
    }
    const char32_t c = decoded->code_point;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xfffe || c == 0xffff) {
      return false;
    }
    text.remove_prefix(decoded->length);
  }
  return true;
}

} // namespace vmrun::cli
