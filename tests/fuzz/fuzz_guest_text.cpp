// SPDX-License-Identifier: Apache-2.0

// Guest-side texts built from user input and server URLs (core/guest, core/console): guest
// paths (split_guest_path, regex_literal), program arguments quoted for the guest shell
// (quote_guest_argument, join_guest_arguments, redirected_command), script extensions,
// keystroke text (keys_for_text, which refuses untypable text with core::Error), transfer URLs
// from FileTransferInformation (transfer_url, url_for_messages) and guest_family.
//
// Input: tokens separated by NUL bytes; the first is the path, command, text or URL.
#include "core/console/usb_keys.h"
#include "core/errors/error.h"
#include "core/guest/files.h"
#include "core/guest/processes.h"
#include "core/guest/transfer.h"
#include "fuzz_support.h"
#include "util/url.h"

using namespace vmrun;

namespace {

// A POSIX shell's reading of `text` as words: single-quoted parts, \-escaped characters and
// plain characters, split at unquoted blanks (all that posix quoting produces); nullopt for an
// unterminated quote.
std::optional<std::vector<std::string>> posix_words(std::string_view text)
{
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) {
        words.push_back(std::move(word));
        word.clear();
        in_word = false;
      }
      continue;
    }
    in_word = true;
    if (c == '\'') {
      const auto close = text.find('\'', i + 1);
      if (close == std::string_view::npos) {
        return std::nullopt;
      }
      word.append(text.substr(i + 1, close - i - 1));
      i = close;
    } else if (c == '\\' && i + 1 < text.size()) {
      word += text[++i];
    } else {
      word += c;
    }
  }
  if (in_word) {
    words.push_back(std::move(word));
  }
  return words;
}

// How the MSVC runtime (and CommandLineToArgvW) reads one argument that starts with a quote:
// 2n backslashes before a quote give n and the quote delimits, 2n+1 give n and a literal quote;
// other backslashes are literal. nullopt when the text is not exactly one such argument.
std::optional<std::string> msvc_argument(std::string_view text)
{
  std::string arg;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::size_t backslashes = 0;
    while (i < text.size() && text[i] == '\\') {
      ++backslashes;
      ++i;
    }
    if (i == text.size()) {
      arg.append(backslashes, '\\');
      break;
    }
    if (text[i] == '"') {
      arg.append(backslashes / 2, '\\');
      if (backslashes % 2 == 1) {
        arg += '"';
      } else {
        quoted = !quoted;
      }
      continue;
    }
    arg.append(backslashes, '\\');
    if (!quoted && (text[i] == ' ' || text[i] == '\t')) {
      return std::nullopt; // a second argument
    }
    arg += text[i];
  }
  return quoted ? std::nullopt : std::optional(arg);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const auto tokens = fuzz::split_at_nul(fuzz::as_text(data, size));
  const std::string& first = tokens.front();

  const auto parts = core::split_guest_path(first);
  fuzz::require(!parts.parent.empty(), "a guest path always has a parent");
  (void)core::regex_literal(first);
  (void)core::is_dot_entry(parts.name);
  (void)core::script_extension(first);
  (void)core::guest_family(first, tokens.back());

  for (const auto family : {core::GuestFamily::posix, core::GuestFamily::windows}) {
    for (const auto& token : tokens) {
      const std::string quoted = core::quote_guest_argument(token, family);
      if (family == core::GuestFamily::posix && quoted.starts_with('\'')) {
        fuzz::require(posix_words(quoted) == std::vector<std::string>{token},
                      "a POSIX-quoted argument reads back as itself");
      }
      if (family == core::GuestFamily::windows && quoted.starts_with('"')) {
        fuzz::require(msvc_argument(quoted) == token,
                      "a Windows-quoted argument reads back as itself");
      }
    }
    (void)core::join_guest_arguments(tokens, family);
    const auto [program, arguments] = core::redirected_command(first, "/tmp/vmrun.out",
                                                               "/tmp/vmrun.err", family);
    fuzz::require(!program.empty() && !arguments.empty(), "a shell and its arguments");
    if (family == core::GuestFamily::posix) {
      // /bin/sh -c 'eval <command> >out 2>err': the command stays one word of eval.
      const auto outer = posix_words(arguments);
      fuzz::require(outer && outer->size() == 2 && outer->front() == "-c", "-c and one script");
      const auto script = posix_words(outer->back());
      fuzz::require(script && *script == std::vector<std::string>{"eval", first, ">/tmp/vmrun.out",
                                                                  "2>/tmp/vmrun.err"},
                    "the command cannot escape eval's argument");
    }
  }

  try {
    const auto keys = core::keys_for_text(first);
    fuzz::require(keys.size() == first.size(), "one key per character");
    for (const auto& key : keys) {
      (void)core::usb_hid_code(key.usage);
    }
  } catch (const core::Error&) {
  }

  const std::string url = core::transfer_url(first, "esx.example.com:443");
  fuzz::require(url == first || url.find("esx.example.com:443") != std::string::npos,
                "transfer_url keeps the URL or puts our authority in");
  fuzz::require(util::without_query(url).find('?') == std::string::npos,
                "messages never show the URL's query (its ticket)");
  return 0;
}
