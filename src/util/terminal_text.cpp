// SPDX-License-Identifier: Apache-2.0

#include "util/terminal_text.h"

#include <fmt/format.h>

#include <algorithm>

namespace vmrun::util {

namespace {

// The length of the sequence a lead byte starts, 0 for a byte that cannot lead.
std::size_t sequence_length(unsigned char lead)
{
  if (lead < 0x80) {
    return 1;
  }
  if (lead >= 0xc2 && lead <= 0xdf) {
    return 2;
  }
  if (lead >= 0xe0 && lead <= 0xef) {
    return 3;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    return 4;
  }
  return 0;
}

bool is_c1_control(char32_t code_point)
{
  return code_point >= 0x80 && code_point <= 0x9f;
}

} // namespace

std::optional<Utf8Char> decode_utf8(std::string_view text)
{
  if (text.empty()) {
    return std::nullopt;
  }
  const auto lead = static_cast<unsigned char>(text[0]);
  const std::size_t length = sequence_length(lead);
  if (length == 0 || text.size() < length) {
    return std::nullopt;
  }
  if (length == 1) {
    return Utf8Char{lead, 1};
  }
  char32_t code_point = lead & (0xff >> (length + 1));
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[i]);
    if ((next & 0xc0) != 0x80) {
      return std::nullopt;
    }
    code_point = (code_point << 6) | (next & 0x3f);
  }
  // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
  constexpr char32_t k_minimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < k_minimum[length] || (code_point >= 0xd800 && code_point <= 0xdfff) ||
      code_point > 0x10ffff) {
    return std::nullopt;
  }
  return Utf8Char{code_point, length};
}

bool is_bidi_control(char32_t code_point)
{
  return code_point == 0x061c || code_point == 0x200e || code_point == 0x200f ||
         (code_point >= 0x202a && code_point <= 0x202e) ||
         (code_point >= 0x2066 && code_point <= 0x2069);
}

std::string one_line(std::string_view text, std::size_t max_chars)
{
  std::string result;
  result.reserve(std::min(text.size(), max_chars) + 3);
  std::size_t shown = 0;
  while (!text.empty()) {
    if (shown == max_chars) {
      return result + "...";
    }
    ++shown;
    const auto decoded = decode_utf8(text);
    if (!decoded) {
      result += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[0]));
      text.remove_prefix(1);
      continue;
    }
    const char32_t c = decoded->code_point;
    if (c == '\r' || c == '\n') {
      result += ' ';
      text.remove_prefix(c == '\r' && text.starts_with("\r\n") ? 2 : 1);
      continue;
    }
    if (c < 0x20 || c == 0x7f) {
      result += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    } else if (is_c1_control(c) || is_bidi_control(c)) {
      result += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      result.append(text.substr(0, decoded->length));
    }
    text.remove_prefix(decoded->length);
  }
  return result;
}

} // namespace vmrun::util
