// SPDX-License-Identifier: Apache-2.0

#include "core/console/usb_keys.h"

#include "core/errors/error.h"

#include <fmt/format.h>

#include <array>

namespace vmrun::core {

namespace {

// HID usages (HID Usage Tables 1.12, Keyboard/Keypad page 0x07).
constexpr std::uint16_t k_a = 0x04;
constexpr std::uint16_t k_1 = 0x1e;
constexpr std::uint16_t k_0 = 0x27;
constexpr std::uint16_t k_enter = 0x28;
constexpr std::uint16_t k_escape = 0x29;
constexpr std::uint16_t k_backspace = 0x2a;
constexpr std::uint16_t k_tab = 0x2b;
constexpr std::uint16_t k_space = 0x2c;

// Punctuation on a US layout: the unshifted and the shifted character of each key.
struct PunctuationKey {
  char plain;
  char shifted;
  std::uint16_t usage;
};
constexpr std::array<PunctuationKey, 11> k_punctuation{{
  {'-', '_', 0x2d},
  {'=', '+', 0x2e},
  {'[', '{', 0x2f},
  {']', '}', 0x30},
  {'\\', '|', 0x31},
  {';', ':', 0x33},
  {'\'', '"', 0x34},
  {'`', '~', 0x35},
  {',', '<', 0x36},
  {'.', '>', 0x37},
  {'/', '?', 0x38},
}};

// Shift + digit row, in the order of the digit keys 1..9, 0.
constexpr std::string_view k_shifted_digits = "!@#$%^&*()";

// How the hint names a character: 'x' when printable, else its code point (decoded from UTF-8
// when the bytes form a valid sequence, else the raw byte).
std::string describe(std::string_view text, std::size_t at)
{
  const auto byte = static_cast<unsigned char>(text[at]);
  if (byte >= 0x20 && byte < 0x7f) {
    return fmt::format("'{}'", text[at]);
  }
  if (byte < 0x80) {
    return fmt::format("U+{:04X}", byte);
  }
  int extra = 0;
  char32_t cp = 0;
  if ((byte & 0xe0) == 0xc0) {
    extra = 1;
    cp = byte & 0x1f;
  } else if ((byte & 0xf0) == 0xe0) {
    extra = 2;
    cp = byte & 0x0f;
  } else if ((byte & 0xf8) == 0xf0) {
    extra = 3;
    cp = byte & 0x07;
  } else {
    return fmt::format("byte 0x{:02X}", byte);
  }
  if (at + extra >= text.size()) {
    return fmt::format("byte 0x{:02X}", byte);
  }
  for (int i = 1; i <= extra; ++i) {
    const auto next = static_cast<unsigned char>(text[at + i]);
    if ((next & 0xc0) != 0x80) {
      return fmt::format("byte 0x{:02X}", byte);
    }
    cp = (cp << 6) | (next & 0x3f);
  }
  return fmt::format("'{}' (U+{:04X})", text.substr(at, extra + 1), static_cast<std::uint32_t>(cp));
}

} // namespace

std::optional<KeyStroke> key_for_char(char c)
{
  if (c >= 'a' && c <= 'z') {
    return KeyStroke{static_cast<std::uint16_t>(k_a + (c - 'a')), false};
  }
  if (c >= 'A' && c <= 'Z') {
    return KeyStroke{static_cast<std::uint16_t>(k_a + (c - 'A')), true};
  }
  if (c >= '1' && c <= '9') {
    return KeyStroke{static_cast<std::uint16_t>(k_1 + (c - '1')), false};
  }
  switch (c) {
  case '0': return KeyStroke{k_0, false};
  case ' ': return KeyStroke{k_space, false};
  case '\n': return KeyStroke{k_enter, false};
  case '\t': return KeyStroke{k_tab, false};
  case '\b': return KeyStroke{k_backspace, false};
  case '\x1b': return KeyStroke{k_escape, false};
  default: break;
  }
  if (const auto pos = k_shifted_digits.find(c); pos != std::string_view::npos) {
    return KeyStroke{static_cast<std::uint16_t>(k_1 + pos), true};
  }
  for (const auto& key : k_punctuation) {
    if (c == key.plain) {
      return KeyStroke{key.usage, false};
    }
    if (c == key.shifted) {
      return KeyStroke{key.usage, true};
    }
  }
  return std::nullopt;
}

std::int32_t usb_hid_code(std::uint16_t usage)
{
  return static_cast<std::int32_t>((static_cast<std::uint32_t>(usage) << 16) | 7u);
}

std::vector<KeyStroke> keys_for_text(std::string_view text)
{
  std::vector<KeyStroke> keys;
  keys.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto key = key_for_char(text[i]);
    if (!key) {
      throw Error(vix::invalid_arg, "One of the parameters was invalid", {},
                  fmt::format("vmrun: cannot type the character {} at position {} (US keyboard: "
                              "printable ASCII, newline, tab, backspace, escape)",
                              describe(text, i), i + 1));
    }
    keys.push_back(*key);
  }
  return keys;
}

} // namespace vmrun::core
