// SPDX-License-Identifier: Apache-2.0

// The JSON output of --json (cli/text.h json_escape, json_string; cli/output.h json_error,
// json_vm_list): it carries user arguments (a vmx path, an unknown verb) and server texts, and
// docs/behaviour.md#json promises one UTF-8 JSON document. The oracle reads the literal back by
// RFC 8259's rules: quotes, escapes, no raw control characters, well-formed UTF-8 throughout,
// and, for input that is itself UTF-8, exactly the input.
#include "cli/output.h"
#include "cli/text.h"
#include "fuzz_support.h"

using namespace vmrun;

namespace {

void append_utf8(std::string& out, unsigned cp)
{
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// The text of a JSON string literal ("..."), or nullopt when it is not one.
std::optional<std::string> read_json_string(std::string_view literal)
{
  if (literal.size() < 2 || literal.front() != '"' || literal.back() != '"' ||
      !fuzz::is_utf8(literal)) {
    return std::nullopt;
  }
  std::string out;
  for (std::size_t i = 1; i + 1 < literal.size(); ++i) {
    const char c = literal[i];
    if (static_cast<unsigned char>(c) < 0x20 || c == '"') {
      return std::nullopt;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 2 >= literal.size()) {
      return std::nullopt;
    }
    const char e = literal[++i];
    const std::string_view simple = "\"\\/bfnrt";
    const std::string_view value = "\"\\/\b\f\n\r\t";
    if (const auto k = simple.find(e); k != std::string_view::npos) {
      out += value[k];
    } else if (e == 'u' && i + 4 < literal.size() - 1) {
      unsigned cp = 0;
      for (int d = 0; d < 4; ++d) {
        const char h = literal[++i];
        const auto digit = std::string_view("0123456789abcdef").find(static_cast<char>(h | 0x20));
        if (digit == std::string_view::npos) {
          return std::nullopt;
        }
        cp = cp * 16 + static_cast<unsigned>(digit);
      }
      if (cp >= 0xd800 && cp <= 0xdfff) {
        return std::nullopt; // json_escape never needs surrogate pairs
      }
      append_utf8(out, cp);
    } else {
      return std::nullopt;
    }
  }
  return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text = fuzz::as_text(data, size);
  const std::string literal = cli::json_string(text);
  const auto back = read_json_string(literal);
  fuzz::require(back.has_value(), "json_string writes a UTF-8 JSON string literal");
  fuzz::require(!fuzz::is_utf8(text) || *back == text, "UTF-8 text reads back unchanged");

  const std::string error = cli::json_error(4000, text);
  fuzz::require(error == R"({"error": {"code": 4000, "message": )" + literal + "}}",
                "json_error embeds the literal");
  const auto list = cli::json_vm_list({std::string(text), "[ds] b/b.vmx"});
  fuzz::require(list == R"({"count": 2, "vms": [)" + literal + R"(, "[ds] b/b.vmx"]})",
                "json_vm_list embeds the literals");
  return 0;
}
