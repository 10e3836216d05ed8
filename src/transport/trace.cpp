// SPDX-License-Identifier: Apache-2.0

#include "transport/trace.h"

#include "util/text.h"

#include <algorithm>

namespace vmrun::transport {

namespace {

constexpr std::string_view k_mask = "***";

// Masks the text content of the element that starts at `open` ('<'); returns where to go on.
std::size_t mask_element_at(std::string& text, std::size_t open)
{
  auto tag_end = text.find('>', open);
  if (tag_end == std::string::npos || text[tag_end - 1] == '/') {
    return tag_end == std::string::npos ? text.size() : tag_end;
  }
  auto content_end = text.find('<', tag_end);
  if (content_end == std::string::npos) {
    content_end = text.size(); // a truncated body still hides the secret
  }
  text.replace(tag_end + 1, content_end - tag_end - 1, k_mask);
  return tag_end + 1 + k_mask.size();
}

// Finds the next start tag with this local name (any prefix, any attributes) from `from`.
std::size_t find_element(const std::string& text, std::string_view local, std::size_t from)
{
  for (auto lt = text.find('<', from); lt != std::string::npos; lt = text.find('<', lt + 1)) {
    auto name_end = text.find_first_of(" \t\r\n/>", lt + 1);
    if (name_end == std::string::npos) {
      return std::string::npos;
    }
    std::string_view qname(text.data() + lt + 1, name_end - lt - 1);
    auto colon = qname.find(':');
    if ((colon == std::string_view::npos ? qname : qname.substr(colon + 1)) == local) {
      return lt;
    }
  }
  return std::string::npos;
}

void mask_all_elements(std::string& text, std::string_view local)
{
  for (auto at = find_element(text, local, 0); at != std::string::npos;
       at = find_element(text, local, at)) {
    at = mask_element_at(text, at);
  }
}

// UserSession.key is the session id: mask the first <key> after each marker.
void mask_session_keys(std::string& text, std::string_view marker)
{
  for (auto pos = text.find(marker); pos != std::string::npos; pos = text.find(marker, pos)) {
    auto key = find_element(text, "key", pos);
    if (key == std::string::npos) {
      return;
    }
    pos = mask_element_at(text, key);
  }
}

// Masks the value after `name=` up to a delimiter; a quoted value is masked whole.
void mask_values(std::string& text, std::string_view name, std::string_view before)
{
  for (auto pos = text.find(name); pos != std::string::npos; pos = text.find(name, pos + 1)) {
    if (!before.empty() && (pos == 0 || before.find(text[pos - 1]) == std::string_view::npos)) {
      continue;
    }
    std::size_t start = pos + name.size();
    std::size_t end = start;
    if (end < text.size() && text[end] == '"') {
      end = text.find('"', end + 1);
      end = end == std::string::npos ? text.size() : end + 1;
    } else {
      end = text.find_first_of(";&\"'<> \t\r\n", start);
      end = end == std::string::npos ? text.size() : end;
    }
    text.replace(start, end - start, k_mask);
  }
}

// Cookie and Set-Cookie header lines keep their name only.
void mask_cookie_headers(std::string& text)
{
  std::size_t line = 0;
  while (line < text.size()) {
    auto end = text.find('\n', line);
    end = end == std::string::npos ? text.size() : end;
    std::string_view view(text.data() + line, end - line);
    std::size_t name = util::istarts_with(view, "cookie:")       ? 7
                       : util::istarts_with(view, "set-cookie:") ? 11
                                                                 : 0;
    if (name > 0) {
      std::size_t cr = view.ends_with('\r') ? 1 : 0;
      text.replace(line + name, view.size() - name - cr, std::string(" ") + k_mask.data());
      end = text.find('\n', line);
      end = end == std::string::npos ? text.size() : end;
    }
    line = end + 1;
  }
}

// Session-scoped managed object ids embed the session key ("session[KEY]uuid" for private
// property collectors and views); on some servers that key is also the cookie value.
void mask_session_ids(std::string& text)
{
  constexpr std::string_view marker = "session[";
  for (auto pos = text.find(marker); pos != std::string::npos; pos = text.find(marker, pos)) {
    const auto start = pos + marker.size();
    const auto end = text.find_first_of("]<", start);
    if (end == std::string::npos || text[end] != ']') {
      pos = start;
      continue;
    }
    text.replace(start, end - start, k_mask);
    pos = start + k_mask.size();
  }
}

} // namespace

std::string scrub_secrets(std::string_view input)
{
  std::string text(input);
  mask_cookie_headers(text);
  mask_values(text, "vmware_soap_session=", {});
  mask_values(text, "token=", "?&;");
  mask_values(text, "ticket=", "?&;");
  mask_all_elements(text, "password");
  mask_session_keys(text, "LoginResponse");
  mask_session_keys(text, "UserSession");
  mask_session_ids(text);
  return text;
}

} // namespace vmrun::transport
