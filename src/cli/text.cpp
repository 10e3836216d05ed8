// SPDX-License-Identifier: Apache-2.0

#include "cli/text.h"

#include "cli/display.h"

#include <fmt/format.h>

namespace vmrun::cli {

std::vector<std::string_view> split_lines(std::string_view text)
{
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    lines.push_back(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return lines;
}

std::string json_escape(std::string_view text)
{
  std::string result;
  result.reserve(text.size());
  while (!text.empty()) {
    const auto decoded = decode_utf8(text);
    if (!decoded) {
      // JSON cannot carry a byte that is not UTF-8: it is shown as text, as on a terminal.
      result += fmt::format("\\\\x{:02x}", static_cast<unsigned char>(text[0]));
      text.remove_prefix(1);
      continue;
    }
    const char32_t c = decoded->code_point;
    switch (c) {
    case '"': result += "\\\""; break;
    case '\\': result += "\\\\"; break;
    case '\b': result += "\\b"; break;
    case '\f': result += "\\f"; break;
    case '\n': result += "\\n"; break;
    case '\r': result += "\\r"; break;
    case '\t': result += "\\t"; break;
    default:
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || is_bidi_control(c)) {
        result += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
      } else {
        result.append(text.substr(0, decoded->length));
      }
    }
    text.remove_prefix(decoded->length);
  }
  return result;
}

std::string json_string(std::string_view text)
{
  return '"' + json_escape(text) + '"';
}

} // namespace vmrun::cli
