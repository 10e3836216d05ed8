// SPDX-License-Identifier: Apache-2.0

#include "cli/display.h"
#include "cli/output.h"
#include "cli/text.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace vmrun::cli;

TEST_CASE("decode_utf8 accepts shortest forms only")
{
  CHECK(decode_utf8("a")->code_point == U'a');
  CHECK(decode_utf8("\xc3\xa9")->code_point == 0xe9);
  CHECK(decode_utf8("\xe2\x80\xae")->code_point == 0x202e);
  CHECK(decode_utf8("\xf0\x9f\x98\x80")->length == 4);
  CHECK_FALSE(decode_utf8(""));
  CHECK_FALSE(decode_utf8("\xff"));
  CHECK_FALSE(decode_utf8("\xc0\x80"));         // overlong NUL
  CHECK_FALSE(decode_utf8("\xe0\x80\xaf"));     // overlong '/'
  CHECK_FALSE(decode_utf8("\xed\xa0\x80"));     // a UTF-16 surrogate
  CHECK_FALSE(decode_utf8("\xf4\x90\x80\x80")); // past U+10FFFF
  CHECK_FALSE(decode_utf8("\xc3"));             // cut short
  CHECK_FALSE(decode_utf8("\xc3("));            // bad continuation
}

TEST_CASE("one_line keeps ordinary text and joins lines")
{
  CHECK(one_line("[ds] caf\xc3\xa9/a.vmx") == "[ds] caf\xc3\xa9/a.vmx");
  CHECK(one_line("a\tb") == "a\\x09b"); // a tab could line up forged columns
  CHECK(one_line("first\nError: forged\r\nthird\rfourth") == "first Error: forged third fourth");
}

TEST_CASE("one_line escapes what drives a terminal")
{
  CHECK(one_line(std::string("nul\0x", 5)) == "nul\\x00x");
  CHECK(one_line("\x1b]0;title\x07") == "\\x1b]0;title\\x07");
  CHECK(one_line("del\x7f") == "del\\x7f");
  CHECK(one_line("c1\xc2\x9b") == "c1\\u009b");
  CHECK(one_line("evil\xe2\x80\xaetxt.exe") == "evil\\u202etxt.exe");
  CHECK(one_line("iso\xe2\x81\xa6x\xe2\x81\xa9") == "iso\\u2066x\\u2069");
  CHECK(one_line("marks\xd8\x9c\xe2\x80\x8e\xe2\x80\x8f") == "marks\\u061c\\u200e\\u200f");
  CHECK(one_line("latin1 \xe9t\xe9") == "latin1 \\xe9t\\xe9");
}

TEST_CASE("one_line cuts long texts by characters")
{
  CHECK(one_line("abcdef", 3) == "abc...");
  CHECK(one_line("abc", 3) == "abc");
  CHECK(one_line("\xc3\xa9\xc3\xa9\xc3\xa9", 2) == "\xc3\xa9\xc3\xa9...");
  CHECK(one_line(std::string(5000, 'x'), k_max_message_chars).size() == k_max_message_chars + 3);
}

TEST_CASE("xml_safe")
{
  CHECK(xml_safe("[ds] a b/c.vmx"));
  CHECK(xml_safe("tab\tlf\ncr\r caf\xc3\xa9"));
  CHECK_FALSE(xml_safe("\x01"));
  CHECK_FALSE(xml_safe(std::string("a\0b", 3)));
  CHECK_FALSE(xml_safe("bogus\xff"));
  CHECK_FALSE(xml_safe("\xef\xbf\xbe")); // U+FFFE
}

TEST_CASE("json output is valid UTF-8 whatever the input")
{
  CHECK(json_escape("bogus\xffverb") == "bogus\\\\xffverb");
  CHECK(json_escape("c1\xc2\x85 bidi\xe2\x80\xae") == "c1\\u0085 bidi\\u202e");
  CHECK(json_escape("caf\xc3\xa9") == "caf\xc3\xa9");
}

TEST_CASE("print_error shows a server's text as one line")
{
  std::ostringstream out;
  std::ostringstream err;
  const vmrun::core::Error error(1, "bad\nError: forged\x1b[2J", {"Unable to connect to host."},
                                 "first hint\nsecond \x07 hint");
  print_error(error, OutputFormat::text, out, err);
  CHECK(out.str() == "Unable to connect to host.\nError: bad Error: forged\\x1b[2J\n");
  CHECK(err.str() == "first hint\nsecond \\x07 hint\n");
}
