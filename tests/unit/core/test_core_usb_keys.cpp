// SPDX-License-Identifier: Apache-2.0

#include "core/console/console.h"
#include "core/console/usb_keys.h"
#include "core/errors/error.h"

#include <doctest/doctest.h>

#include <string>

using namespace vmrun::core;

TEST_CASE("key_for_char: letters, digits, space")
{
  CHECK(key_for_char('a') == KeyStroke{0x04, false});
  CHECK(key_for_char('z') == KeyStroke{0x1d, false});
  CHECK(key_for_char('A') == KeyStroke{0x04, true});
  CHECK(key_for_char('Z') == KeyStroke{0x1d, true});
  CHECK(key_for_char('1') == KeyStroke{0x1e, false});
  CHECK(key_for_char('9') == KeyStroke{0x26, false});
  CHECK(key_for_char('0') == KeyStroke{0x27, false});
  CHECK(key_for_char(' ') == KeyStroke{0x2c, false});
}

TEST_CASE("key_for_char: control keys")
{
  CHECK(key_for_char('\n') == KeyStroke{0x28, false});   // Enter
  CHECK(key_for_char('\t') == KeyStroke{0x2b, false});   // Tab
  CHECK(key_for_char('\b') == KeyStroke{0x2a, false});   // Backspace
  CHECK(key_for_char('\x1b') == KeyStroke{0x29, false}); // Escape
}

TEST_CASE("key_for_char: shifted digit row")
{
  const std::string shifted = "!@#$%^&*()";
  for (std::size_t i = 0; i < shifted.size(); ++i) {
    CAPTURE(shifted[i]);
    CHECK(key_for_char(shifted[i]) == KeyStroke{static_cast<std::uint16_t>(0x1e + i), true});
  }
}

TEST_CASE("key_for_char: punctuation, plain and shifted (US layout)")
{
  struct Row {
    char plain, shifted;
    std::uint16_t usage;
  };
  const Row rows[] = {{'-', '_', 0x2d},  {'=', '+', 0x2e}, {'[', '{', 0x2f},  {']', '}', 0x30},
                      {'\\', '|', 0x31}, {';', ':', 0x33}, {'\'', '"', 0x34}, {'`', '~', 0x35},
                      {',', '<', 0x36},  {'.', '>', 0x37}, {'/', '?', 0x38}};
  for (const Row& row : rows) {
    CAPTURE(row.plain);
    CHECK(key_for_char(row.plain) == KeyStroke{row.usage, false});
    CHECK(key_for_char(row.shifted) == KeyStroke{row.usage, true});
  }
}

TEST_CASE("key_for_char: every printable ASCII character is typeable, nothing else")
{
  for (int c = 0; c < 256; ++c) {
    CAPTURE(c);
    const bool printable = c >= 0x20 && c < 0x7f;
    const bool control = c == '\n' || c == '\t' || c == '\b' || c == 0x1b;
    CHECK(key_for_char(static_cast<char>(c)).has_value() == (printable || control));
  }
  CHECK_FALSE(key_for_char('\r'));
  CHECK_FALSE(key_for_char('\0'));
  CHECK_FALSE(key_for_char('\x7f'));
}

TEST_CASE("usb_hid_code: (usage << 16) | 7, as govc encodes it")
{
  CHECK(usb_hid_code(0x04) == 262151); // "a" as govmomi sends it on the wire
  CHECK(usb_hid_code(0x28) == 0x00280007);
  CHECK(usb_hid_code(0x38) == 0x00380007);
}

TEST_CASE("keys_for_text: one key per character")
{
  const auto keys = keys_for_text("Hi 1!\n");
  REQUIRE(keys.size() == 6);
  CHECK(keys[0] == KeyStroke{0x0b, true});
  CHECK(keys[1] == KeyStroke{0x0c, false});
  CHECK(keys[2] == KeyStroke{0x2c, false});
  CHECK(keys[3] == KeyStroke{0x1e, false});
  CHECK(keys[4] == KeyStroke{0x1e, true});
  CHECK(keys[5] == KeyStroke{0x28, false});
  CHECK(keys_for_text("").empty());
}

namespace {

Error refusal(std::string_view text)
{
  try {
    keys_for_text(text);
  } catch (const Error& e) {
    return e;
  }
  FAIL("no refusal for an untypeable string");
  return Error(0, "");
}

} // namespace

TEST_CASE("keys_for_text: refuses the whole string for one untypeable character")
{
  const Error e = refusal("abc\xc3\xa9z");
  CHECK(e.code() == vix::invalid_arg);
  CHECK(std::string(e.what()) == "One of the parameters was invalid");
  CHECK(e.hint().find("'\xc3\xa9' (U+00E9) at position 4") != std::string::npos);

  CHECK(refusal("a\rb").hint().find("U+000D at position 2") != std::string::npos);
  CHECK(refusal("\xff").hint().find("byte 0xFF at position 1") != std::string::npos);
  CHECK(refusal("x\xe2\x82").hint().find("byte 0xE2 at position 2") != std::string::npos);
  CHECK(refusal("\xe2\x82\xac").hint().find("(U+20AC) at position 1") != std::string::npos);
}

TEST_CASE("write_key_event: usbHidCode then the eight modifiers in WSDL order")
{
  vmrun::transport::XmlWriter w("PutUsbScanCodes", {"VirtualMachine", "vm-9"});
  w.open("spec");
  write_key_event(w, KeyStroke{0x04, true});
  w.close();
  const std::string body = w.body();
  CHECK(body.find("<spec><keyEvents><usbHidCode>262151</usbHidCode><modifiers>"
                  "<leftControl>false</leftControl><leftShift>true</leftShift>"
                  "<leftAlt>false</leftAlt><leftGui>false</leftGui>"
                  "<rightControl>false</rightControl><rightShift>false</rightShift>"
                  "<rightAlt>false</rightAlt><rightGui>false</rightGui></modifiers></keyEvents>"
                  "</spec>") != std::string::npos);
}
