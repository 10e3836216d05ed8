// SPDX-License-Identifier: Apache-2.0

// Untrusted text on its way to a terminal or a request (cli/display.h): decode_utf8, one_line
// (what error messages, listings and hints print) and xml_safe (what dispatch lets through to
// a request). Oracles: decode_utf8 agrees with RFC 3629; one_line's output is one line of
// UTF-8 without C0 (tab included), DEL, C1 or bidi controls, cut at its limit, and leaves harmless
// text alone; text that xml_safe accepts comes back unchanged through a request body written
// by XmlWriter and read by XmlDocument::parse.
#include "cli/display.h"
#include "fuzz_support.h"

using namespace vmrun;

namespace {

// The code point at the front of well-formed UTF-8 (utf8_length said so).
char32_t code_point(std::string_view text, std::size_t length)
{
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  if (length == 1) {
    return byte(0);
  }
  char32_t cp = byte(0) & (0x7f >> length);
  for (std::size_t i = 1; i < length; ++i) {
    cp = (cp << 6) | (byte(i) & 0x3f);
  }
  return cp;
}

bool is_control(char32_t c)
{
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f ||
         (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

// Code points of well-formed UTF-8 text.
std::vector<char32_t> code_points(std::string_view text)
{
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = fuzz::utf8_length(text, i);
    out.push_back(code_point(text.substr(i), n));
    i += n;
  }
  return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text = fuzz::as_text(data, size);

  const auto decoded = cli::decode_utf8(text);
  const std::size_t expected = text.empty() ? 0 : fuzz::utf8_length(text, 0);
  fuzz::require(decoded
                  ? decoded->length == expected && decoded->code_point == code_point(text, expected)
                  : expected == 0,
                "decode_utf8 agrees with RFC 3629");

  const std::size_t limit = size % 64; // a small limit too, to reach the cut
  for (const std::size_t max_chars : {cli::k_no_limit, cli::k_max_message_chars, limit}) {
    const std::string line = cli::one_line(text, max_chars);
    fuzz::require(fuzz::is_utf8(line), "one_line writes UTF-8");
    const auto shown = code_points(line);
    for (const char32_t c : shown) {
      fuzz::require(!is_control(c) && c != '\n' && c != '\r',
                    "one_line leaves no line break or control character");
    }
    fuzz::require(max_chars == cli::k_no_limit || !line.ends_with("...") ||
                    shown.size() <= max_chars * 6 + 3,
                  "one_line cuts at its limit");
  }
  if (fuzz::is_utf8(text)) {
    bool harmless = true;
    for (const char32_t c : code_points(text)) {
      harmless = harmless && !is_control(c) && c != '\n' && c != '\r';
    }
    fuzz::require(!harmless || cli::one_line(text) == text, "harmless text is shown as it is");
  }

  if (cli::xml_safe(text)) {
    fuzz::require(fuzz::is_utf8(text), "xml_safe accepts only UTF-8");
    transport::XmlWriter request("Fuzz", transport::MoRef{"Folder", "group-d1"});
    request.text("value", text);
    const auto doc = fuzz::parse_xml(request.envelope());
    fuzz::require(doc.has_value(), "a request with xml_safe text is well-formed XML");
    const std::string back = fuzz::method_response(*doc).child_text("value");
    fuzz::require(back == text, "xml_safe text comes back unchanged from a request");
  }
  return 0;
}
