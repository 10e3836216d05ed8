// SPDX-License-Identifier: Apache-2.0

#include "transport/errors.h"
#include "transport/limits.h"
#include "transport/xml.h"
#include "transport/xml_stream.h"

#include <doctest/doctest.h>

#include <malloc.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace vmrun::transport;

namespace {

const std::vector<std::string> k_objects_path{"Envelope", "Body", "RetrievePropertiesExResponse",
                                              "returnval", "objects"};

// A RetrievePropertiesEx reply in the shape stock vcsim 0.24 sends for the VM listing
// (config.files.vmPathName and runtime.powerState of every VM, all in one reply, no token),
// written a piece at a time so that the test itself holds no more than one object of it.
class VcsimListing
{
public:
  static std::string head()
  {
    return R"(<?xml version="1.0" encoding="UTF-8"?>)"
           "\n"
           R"(<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" )"
           R"(xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" )"
           R"(xmlns:xsd="http://www.w3.org/2001/XMLSchema" )"
           R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>)"
           R"(<RetrievePropertiesExResponse xmlns="urn:vim25"><returnval>)";
  }
  static std::string tail()
  {
    return "</returnval></RetrievePropertiesExResponse></soapenv:Body></soapenv:Envelope>";
  }
  static std::string moref(std::size_t i) { return "vm-" + std::to_string(9 + 3 * i); }
  static std::string path(std::size_t i)
  {
    const std::string name = "ha-host_VM" + std::to_string(i);
    return "[LocalDS_0] " + name + "/" + name + ".vmx";
  }
  static std::string power(std::size_t i) { return i % 3 == 0 ? "poweredOff" : "poweredOn"; }
  static std::string object(std::size_t i)
  {
    constexpr const char* k_val = R"(<val xmlns:XMLSchema-instance="http://www.w3.org/2001/)"
                                  R"(XMLSchema-instance" XMLSchema-instance:type=")";
    return R"(<objects><obj type="VirtualMachine">)" + moref(i) + "</obj>" +
           "<propSet><name>config.files.vmPathName</name>" + k_val + R"(xsd:string">)" + path(i) +
           "</val></propSet><propSet><name>runtime.powerState</name>" + k_val +
           R"(VirtualMachinePowerState">)" + power(i) + "</val></propSet></objects>";
  }
};

// Fed in pieces of `chunk` bytes, as curl's write callback would.
void feed_in_chunks(XmlItemStream& stream, std::string_view text, std::size_t chunk)
{
  for (std::size_t at = 0; at < text.size(); at += chunk) {
    stream.feed(text.substr(at, chunk));
  }
}

struct Run {
  std::size_t objects = 0;
  std::size_t mismatches = 0;
  std::size_t peak_nodes = 0;
  std::size_t peak_text_bytes = 0;
  std::size_t peak_heap = 0; // bytes allocated at the worst moment, from the start of the run
};

std::size_t heap_in_use()
{
  return mallinfo2().uordblks;
}

// Parses a listing of n objects, checking every value as it comes, keeping none.
Run parse_listing(std::size_t n)
{
  Run run;
  const std::size_t base = heap_in_use();
  XmlItemStream stream(k_objects_path, [&](XmlNode object) {
    const std::size_t i = run.objects++;
    const auto props = object.children("propSet");
    const bool right = object.child("obj").as_moref() ==
                         MoRef{"VirtualMachine", VcsimListing::moref(i)} &&
                       props.size() == 2 &&
                       props[0].child_text("name") == "config.files.vmPathName" &&
                       props[0].child_text("val") == VcsimListing::path(i) &&
                       props[0].child("val").xsi_type() == "string" &&
                       props[1].child_text("name") == "runtime.powerState" &&
                       props[1].child_text("val") == VcsimListing::power(i);
    run.mismatches += right ? 0 : 1;
    run.peak_heap = std::max(run.peak_heap, heap_in_use() - std::min(base, heap_in_use()));
  });
  stream.feed(VcsimListing::head());
  for (std::size_t i = 0; i < n; ++i) {
    // Two pieces an object, cut mid-tag: an object's end always arrives with the next feed.
    const std::string text = VcsimListing::object(i);
    stream.feed(std::string_view(text).substr(0, 100));
    stream.feed(std::string_view(text).substr(100));
  }
  stream.feed(VcsimListing::tail());
  const XmlDocument rest = stream.finish();
  CHECK(rest.root().child("Body").child("RetrievePropertiesExResponse").child("returnval"));
  CHECK(rest.root()
          .child("Body")
          .child("RetrievePropertiesExResponse")
          .child("returnval")
          .children()
          .empty());
  CHECK(stream.items() == n);
  run.peak_nodes = stream.peak_nodes();
  run.peak_text_bytes = stream.peak_text_bytes();
  return run;
}

// Parses a whole reply through the stream; returns the items' obj texts.
std::vector<std::string> stream_objs(std::string_view text, std::size_t chunk = 7)
{
  std::vector<std::string> objs;
  XmlItemStream stream(k_objects_path,
                       [&](XmlNode object) { objs.push_back(object.child_text("obj")); });
  feed_in_chunks(stream, text, chunk);
  (void)stream.finish();
  return objs;
}

bool refused(std::string_view text, std::size_t chunk = 4096)
{
  try {
    (void)stream_objs(text, chunk);
  } catch (const NetError& e) {
    return e.kind() == NetErrorKind::protocol;
  }
  return false;
}

std::string listing(std::size_t n)
{
  std::string text = VcsimListing::head();
  for (std::size_t i = 0; i < n; ++i) {
    text += VcsimListing::object(i);
  }
  return text + VcsimListing::tail();
}

std::string with_object_value(const std::string& value)
{
  return VcsimListing::head() + R"(<objects><obj type="VirtualMachine">vm-9</obj><propSet>)" +
         "<name>config.files.vmPathName</name><val>" + value + "</val></propSet></objects>" +
         VcsimListing::tail();
}

} // namespace

TEST_CASE("XmlItemStream: a stock-vcsim listing without paging, in flat memory")
{
  // Read whole, as every reply was, the 10,000 objects are past the limits.
  CHECK_THROWS_AS((void)XmlDocument::parse(listing(10'000)), NetError);
  const Run small = parse_listing(10'000);
  const Run large = parse_listing(50'000);
  CHECK(small.objects == 10'000);
  CHECK(large.objects == 50'000);
  CHECK(small.mismatches == 0);
  CHECK(large.mismatches == 0);
  // One object and the envelope around it, whatever the number of objects: the 10,000 objects
  // as one tree would be over 200,000 nodes (past k_max_xml_nodes, which a reply read whole
  // must stay under).
  CHECK(small.peak_nodes < 100);
  CHECK(large.peak_nodes <= small.peak_nodes + 4);
  CHECK(large.peak_text_bytes <= small.peak_text_bytes + 16);
  // The heap at its worst (libxml2's input buffer, dictionary and tree included) does not grow
  // with the reply either: 50,000 objects are 15 MB of text. Under AddressSanitizer mallinfo2
  // reports nothing, and this holds trivially.
  MESSAGE("peak nodes " << small.peak_nodes << " / " << large.peak_nodes << ", text bytes "
                        << small.peak_text_bytes << " / " << large.peak_text_bytes);
  MESSAGE("peak heap: " << small.peak_heap << " bytes for 10,000 objects, " << large.peak_heap
                        << " for 50,000");
  CHECK(large.peak_heap <= small.peak_heap + 256 * 1024);
}

TEST_CASE("XmlItemStream: items and the rest of the reply")
{
  SUBCASE("a paged reply keeps its token, chunks of any size")
  {
    const std::string text = VcsimListing::head() + VcsimListing::object(0) +
                             VcsimListing::object(1) + "<token>next-page</token>" +
                             VcsimListing::tail();
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{64}, text.size()}) {
      std::vector<std::string> objs;
      XmlItemStream stream(k_objects_path,
                           [&](XmlNode object) { objs.push_back(object.child_text("obj")); });
      feed_in_chunks(stream, text, chunk);
      const XmlDocument rest = stream.finish();
      CHECK(objs == std::vector<std::string>{"vm-9", "vm-12"});
      CHECK(rest.root()
              .child("Body")
              .child("RetrievePropertiesExResponse")
              .child("returnval")
              .child_text("token") == "next-page");
    }
  }

  SUBCASE("an empty listing, blanks between items, a byte order mark")
  {
    CHECK(stream_objs(listing(0)).empty());
    const std::string spaced = VcsimListing::head() + "\n  " + VcsimListing::object(0) + "\n  " +
                               VcsimListing::object(1) + "\n" + VcsimListing::tail();
    CHECK(stream_objs(spaced) == std::vector<std::string>{"vm-9", "vm-12"});
    CHECK(stream_objs("\xef\xbb\xbf" + listing(1), 1) == std::vector<std::string>{"vm-9"});
  }

  SUBCASE("elements of the same name elsewhere are not items")
  {
    const std::string text = VcsimListing::head() + "<other><objects>x</objects></other>" +
                             VcsimListing::object(0) + VcsimListing::tail();
    CHECK(stream_objs(text) == std::vector<std::string>{"vm-9"});
  }

  SUBCASE("what the callback throws ends the stream")
  {
    XmlItemStream stream(k_objects_path, [](XmlNode) { throw std::runtime_error("stop"); });
    CHECK_THROWS_AS(feed_in_chunks(stream, listing(3), 4096), std::runtime_error);
  }
}

TEST_CASE("XmlItemStream: what it refuses")
{
  CHECK(refused(""));
  CHECK(refused("not xml at all"));
  CHECK(refused(listing(2).substr(0, 700))); // truncated
  CHECK(refused(listing(2) + "<trailing/>"));
  // Text between items (the schema has none there).
  CHECK(refused(VcsimListing::head() + VcsimListing::object(0) + "text" + VcsimListing::object(1) +
                VcsimListing::tail()));

  SUBCASE("a DTD, entities")
  {
    CHECK(refused("<!DOCTYPE x [<!ENTITY a \"b\">]>" + listing(1)));
    CHECK(refused(with_object_value("&undeclared;")));
    CHECK(stream_objs(with_object_value("&lt;&amp;&#65;")).size() == 1);
  }

  SUBCASE("another encoding than UTF-8")
  {
    std::string utf16 = "\xff\xfe";
    for (const char c : listing(1)) {
      utf16 += c;
      utf16 += '\0';
    }
    CHECK(refused(utf16));
  }

  SUBCASE("depth, attributes, namespaces: as XmlDocument::parse")
  {
    std::string deep;
    for (std::size_t i = 0; i < k_max_xml_depth; ++i) {
      deep += "<a>";
    }
    for (std::size_t i = 0; i < k_max_xml_depth; ++i) {
      deep += "</a>";
    }
    CHECK(refused(with_object_value(deep)));
    CHECK(stream_objs(with_object_value(deep.substr(3 * 100, deep.size() - 7 * 100))).size() == 1);

    std::string attributes = "<a";
    for (std::size_t i = 0; i <= k_max_xml_attributes; ++i) {
      attributes += " a" + std::to_string(i) + "=\"x\"";
    }
    CHECK(refused(with_object_value(attributes + "/>"), 5));

    std::string nested;
    for (std::size_t i = 0; i <= k_max_xml_namespaces; ++i) {
      nested += "<a xmlns:p" + std::to_string(i) + "=\"urn:x\">";
    }
    for (std::size_t i = 0; i <= k_max_xml_namespaces; ++i) {
      nested += "</a>";
    }
    CHECK(refused(with_object_value(nested)));
  }

  SUBCASE("held at once: nodes, text")
  {
    std::string many;
    for (std::size_t i = 0; i < k_max_xml_nodes / 2; ++i) {
      many += "<a/>";
    }
    CHECK(refused(with_object_value(many + many)));
    CHECK(stream_objs(with_object_value(many.substr(0, many.size() / 2))).size() == 1);
    CHECK(refused(with_object_value(std::string(k_max_reply_bytes + 1, 'x'))));
    // The same outside an item (text is held until the end of the reply there).
    CHECK(refused(VcsimListing::head() + "<token>" + std::string(k_max_reply_bytes + 1, 'x') +
                  "</token>" + VcsimListing::tail()));
  }
}
