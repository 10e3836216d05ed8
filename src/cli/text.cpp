#include "cli/text.h"

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
  for (const char c : text) {
    switch (c) {
    case '"': result += "\\\""; break;
    case '\\': result += "\\\\"; break;
    case '\b': result += "\\b"; break;
    case '\f': result += "\\f"; break;
    case '\n': result += "\\n"; break;
    case '\r': result += "\\r"; break;
    case '\t': result += "\\t"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        result += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
      } else {
        result += c; // UTF-8 bytes pass through unchanged
      }
    }
  }
  return result;
}

std::string json_string(std::string_view text)
{
  return '"' + json_escape(text) + '"';
}

} // namespace vmrun::cli
