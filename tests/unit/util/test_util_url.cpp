// SPDX-License-Identifier: Apache-2.0

#include "util/url.h"

#include <doctest/doctest.h>

using namespace vmrun::util;

TEST_CASE("split_url: scheme, authority up to '/', '?' or '#', the rest")
{
  auto p = split_url("https://esx.example.com:443/sdk?x=1");
  CHECK(p.has_scheme);
  CHECK(p.scheme == "https");
  CHECK(p.authority == "esx.example.com:443");
  CHECK(p.rest == "/sdk?x=1");

  p = split_url("https://*?id=1");
  CHECK(p.authority == "*");
  CHECK(p.rest == "?id=1");

  p = split_url("https://[::1]:8443#frag");
  CHECK(p.authority == "[::1]:8443");
  CHECK(p.rest == "#frag");

  p = split_url("host:443/sdk");
  CHECK_FALSE(p.has_scheme);
  CHECK(p.scheme.empty());
  CHECK(p.authority == "host:443");
  CHECK(p.rest == "/sdk");

  p = split_url("");
  CHECK_FALSE(p.has_scheme);
  CHECK(p.authority.empty());
  CHECK(p.rest.empty());
}

TEST_CASE("parse_authority: names, ports and IPv6 brackets")
{
  struct Case {
    const char* text;
    const char* host;
    const char* port; // nullptr: none
  };
  for (const Case c : {Case{"esx", "esx", nullptr}, Case{"esx:8443", "esx", "8443"},
                       Case{"[::1]", "::1", nullptr}, Case{"[fe80::1]:9443", "fe80::1", "9443"},
                       Case{"fe80::1", "fe80::1", nullptr}, Case{"10.0.0.5:x", "10.0.0.5", "x"}}) {
    CAPTURE(c.text);
    const Authority a = parse_authority(c.text);
    CHECK(a.error.empty());
    CHECK(a.host == c.host);
    CHECK(a.port.has_value() == (c.port != nullptr));
    if (c.port) {
      CHECK(*a.port == c.port);
    }
  }
}

TEST_CASE("parse_authority: what is no authority, and why")
{
  CHECK(parse_authority("[::1").error == "missing ']'");
  CHECK(parse_authority("[::1]x").error == "unexpected text after ']'");
  CHECK(parse_authority("[::1]:").error == "empty port");
  CHECK(parse_authority("esx:").error == "empty port");
  CHECK(parse_authority(":").error == "empty port");
  CHECK(parse_authority("[]:").error == "empty port");
  CHECK(parse_authority("").error == "no host name");
  CHECK(parse_authority("[]").error == "no host name");
  CHECK(parse_authority(":443").error == "no host name");
}

TEST_CASE("format_authority brackets IPv6 literals")
{
  CHECK(format_authority("esx.example.com", 443) == "esx.example.com:443");
  CHECK(format_authority("::1", 8443) == "[::1]:8443");
  CHECK(format_authority("10.0.0.5", 1) == "10.0.0.5:1");
}

TEST_CASE("without_query drops the ticket")
{
  CHECK(without_query("https://h:1/guestFile?id=1&token=secret") == "https://h:1/guestFile");
  CHECK(without_query("https://h:1/folder/a.png") == "https://h:1/folder/a.png");
}

TEST_CASE("parse_port: the whole text, a decimal number in 1-65535")
{
  CHECK(parse_port("1") == 1);
  CHECK(parse_port("443") == 443);
  CHECK(parse_port("0443") == 443);
  CHECK(parse_port("65535") == 65535);
  for (const char* bad : {"", "0", "65536", "-1", "+1", " 1", "1 ", "1x", "x", "99999999999"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_port(bad));
  }
}

TEST_CASE("parse_bounded: the bounds are inclusive")
{
  CHECK(parse_bounded("7", 7, 9) == 7);
  CHECK(parse_bounded("9", 7, 9) == 9);
  CHECK_FALSE(parse_bounded("6", 7, 9));
  CHECK_FALSE(parse_bounded("10", 7, 9));
  CHECK_FALSE(parse_bounded("1.5", 0, 9));
}
