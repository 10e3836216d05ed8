// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vmrun::core {

// One key press for PutUsbScanCodes: a USB HID usage (Keyboard/Keypad page, HID Usage Tables
// §10) and whether Shift is held. A US keyboard layout is assumed, as govc and the VMware
// console do (docs/behaviour.md#console).
struct KeyStroke {
  std::uint16_t usage = 0;
  bool shift = false;
  friend bool operator==(const KeyStroke&, const KeyStroke&) = default;
};

// The key for one character, or nullopt when it cannot be typed: printable ASCII, plus
// '\n' (Enter), '\t' (Tab), '\b' (Backspace) and ESC (Escape). '\r' and every other control
// or non-ASCII byte are refused.
std::optional<KeyStroke> key_for_char(char c);

// The usbHidCode field for a usage: (usage << 16) | 7, as govc encodes it.
std::int32_t usb_hid_code(std::uint16_t usage);

// The keys for a whole string, one per character. Throws Error "One of the parameters was
// invalid" (hint: which character, where) when any character cannot be typed, so that nothing
// is sent for a string that would be typed only in part.
std::vector<KeyStroke> keys_for_text(std::string_view text);

} // namespace vmrun::core
