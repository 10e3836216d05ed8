// SPDX-License-Identifier: Apache-2.0

#pragma once

// Shared pieces of the fuzz targets: turning the input into the shapes the parsers take, and a
// bounded walk over a parsed reply. Nothing here parses on its own; every target calls the
// project's functions.
#include "transport/errors.h"
#include "transport/xml.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vmrun::fuzz {

// A property the parser promises; a broken one aborts like a crash, with `what` on stderr.
inline void require(bool holds, const char* what)
{
  if (!holds) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
  }
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size)
{
  return {reinterpret_cast<const char*>(data), size};
}

// The reply parsed as vmrun parses it; nullopt when XmlDocument::parse refuses it with its one
// documented error (NetError protocol). Any other exception escapes and is a finding.
inline std::optional<transport::XmlDocument> parse_xml(std::string_view text)
{
  try {
    return transport::XmlDocument::parse(text);
  } catch (const transport::NetError& error) {
    if (error.kind() != transport::NetErrorKind::protocol) {
      throw;
    }
    return std::nullopt;
  }
}

// The element a reader starts from: the method response inside a SOAP envelope, or the root
// when the input is a bare fragment (corpora hold both, as the unit-test fixtures do).
inline transport::XmlNode method_response(const transport::XmlDocument& doc)
{
  const transport::XmlNode root = doc.root();
  if (root.name() == "Envelope") {
    const auto body = root.child("Body").children();
    return body.empty() ? transport::XmlNode() : body.front();
  }
  return root;
}

// Every element under `root` (itself included), depth first; at most `limit` of them so that a
// target's cost stays linear in its input.
template <typename Visit>
void for_each_element(const transport::XmlNode& root, Visit visit, std::size_t limit = 4096)
{
  if (!root) {
    return;
  }
  std::vector<transport::XmlNode> stack{root};
  std::size_t seen = 0;
  while (!stack.empty() && seen++ < limit) {
    const transport::XmlNode node = stack.back();
    stack.pop_back();
    visit(node);
    const auto kids = node.children();
    stack.insert(stack.end(), kids.rbegin(), kids.rend());
  }
}

// Oracle: length of the well-formed UTF-8 sequence at `at` (RFC 3629: no overlong forms,
// surrogates or code points above U+10FFFF), or 0. Written from the RFC, not from src/.
inline std::size_t utf8_length(std::string_view text, std::size_t at)
{
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char b0 = byte(at);
  if (b0 < 0x80) {
    return 1;
  }
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    length = 2;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    length = 3;
    low = b0 == 0xe0 ? 0xa0 : 0x80;
    high = b0 == 0xed ? 0x9f : 0xbf;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    length = 4;
    low = b0 == 0xf0 ? 0x90 : 0x80;
    high = b0 == 0xf4 ? 0x8f : 0xbf;
  } else {
    return 0;
  }
  if (at + length > text.size() || byte(at + 1) < low || byte(at + 1) > high) {
    return 0;
  }
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(at + i) < 0x80 || byte(at + i) > 0xbf) {
      return 0;
    }
  }
  return length;
}

inline bool is_utf8(std::string_view text)
{
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      return false;
    }
    i += n;
  }
  return true;
}

// Splits the input at NUL bytes: how argv-shaped inputs are encoded (argv cannot hold NUL).
inline std::vector<std::string> split_at_nul(std::string_view text)
{
  std::vector<std::string> parts;
  while (true) {
    const auto nul = text.find('\0');
    parts.emplace_back(text.substr(0, nul));
    if (nul == std::string_view::npos) {
      return parts;
    }
    text.remove_prefix(nul + 1);
  }
}

} // namespace vmrun::fuzz
