// SPDX-License-Identifier: Apache-2.0

#include "transport/errors.h"
#include "transport/limits.h"
#include "transport/xml.h"
#include "transport_test_support.h"

#include <doctest/doctest.h>

using namespace vmrun::transport;
using vmrun::transport::test::first_change_value;
using vmrun::transport::test::http_body;
using vmrun::transport::test::read_fixture;

namespace {

// The method element of a request, parsed back from the envelope.
XmlNode method_of(const XmlDocument& doc)
{
  return doc.root().child("Body").children().front();
}

} // namespace

TEST_CASE("XmlWriter::envelope")
{
  SUBCASE("canonical template of Appendix C")
  {
    XmlWriter request("PowerOnVM_Task", MoRef{"VirtualMachine", "vm-9"});
    CHECK(request.envelope() ==
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
          "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>"
          "<PowerOnVM_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">vm-9</_this>"
          "</PowerOnVM_Task></soapenv:Body></soapenv:Envelope>\n");
  }

  SUBCASE("element order is kept and values parse back")
  {
    XmlWriter request("Login", MoRef{"SessionManager", "ha-sessionmgr"});
    request.text("userName", "root").text("password", "secret").text("locale", "en_US");
    auto doc = XmlDocument::parse(request.envelope());
    XmlNode login = method_of(doc);
    CHECK(login.name() == "Login");
    std::vector<std::string> names;
    for (XmlNode child : login.children()) {
      names.push_back(child.name());
    }
    CHECK(names == std::vector<std::string>{"_this", "userName", "password", "locale"});
    CHECK(login.child("_this").as_moref() == MoRef{"SessionManager", "ha-sessionmgr"});
    CHECK(login.child_text("password") == "secret");
  }

  SUBCASE("every text is escaped, non-ASCII kept")
  {
    const std::string nasty = "a&b<c>d\"e'f </password><x> é日本";
    XmlWriter request("Login", MoRef{"SessionManager", "x&y"});
    request.text("password", nasty);
    std::string envelope = request.envelope();
    CHECK(envelope.find("a&amp;b&lt;c&gt;d") != std::string::npos);
    CHECK(envelope.find("</password><x>") == std::string::npos);
    CHECK(envelope.find("é日本") != std::string::npos);
    auto doc = XmlDocument::parse(envelope);
    CHECK(method_of(doc).child_text("password") == nasty);
    CHECK(method_of(doc).child("_this").text() == "x&y");
  }

  SUBCASE("booleans, integers, typed text and nested elements")
  {
    XmlWriter request("ReconfigVM_Task", MoRef{"VirtualMachine", "vm-9"});
    request.open("spec")
      .open("extraConfig", "OptionValue")
      .text("key", "guestinfo.a")
      .typed_text("value", "xsd:string", "b")
      .close()
      .boolean("flag", false)
      .integer("count", -42)
      .close()
      .boolean("after", true);
    auto doc = XmlDocument::parse(request.envelope());
    XmlNode method = method_of(doc);
    XmlNode option = method.child("spec").child("extraConfig");
    CHECK(option.xsi_type() == "OptionValue");
    CHECK(option.child("value").xsi_type() == "string");
    CHECK(option.child_text("value") == "b");
    CHECK(method.child("spec").child_text("flag") == "false");
    CHECK(method.child("spec").child_text("count") == "-42");
    CHECK(method.child_text("after") == "true");
    CHECK(request.envelope().find("xsi:type=\"xsd:string\"") != std::string::npos);
  }
}

TEST_CASE("XmlWriter::body")
{
  XmlWriter request("StartProgramInGuest", MoRef{"GuestProcessManager", "pm"});
  request.open("auth", "NamePasswordAuthentication").boolean("interactiveSession", false);
  // body() closes what is still open and carries its own namespace declarations.
  std::string body = request.body();
  CHECK(body.rfind("<StartProgramInGuest ", 0) == 0);
  CHECK(body.find("xmlns=\"urn:vim25\"") != std::string::npos);
  CHECK(body.find("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"") != std::string::npos);
  CHECK(body.find("xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"") != std::string::npos);
  auto doc = XmlDocument::parse(body);
  CHECK(doc.root().name() == "StartProgramInGuest");
  CHECK(doc.root().child("auth").xsi_type() == "NamePasswordAuthentication");
  CHECK(request.method() == "StartProgramInGuest");
}

TEST_CASE("XmlWriter::copy: a received element sent back unchanged")
{
  // As vcsim writes a CustomizationSpec: its own xsi prefix, an xsd-typed value, a MoRef.
  const auto received = XmlDocument::parse(
    "<r xmlns=\"urn:vim25\" xmlns:X=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xmlns:s=\"http://www.w3.org/2001/XMLSchema\"><spec>"
    "<identity X:type=\"CustomizationLinuxPrep\"><hostName X:type=\"CustomizationVirtualMachineName\">"
    "</hostName><domain>a&amp;b &lt;c&gt;</domain></identity>"
    "<nicSettingMap><adapter><ip X:type=\"CustomizationDhcpIpGenerator\"></ip></adapter>"
    "</nicSettingMap><value X:type=\"s:int\">7</value><pool type=\"ResourcePool\">p-1</pool>"
    "</spec></r>");
  XmlWriter request("CustomizeVM_Task", MoRef{"VirtualMachine", "vm-9"});
  request.copy("spec", received.root().child("spec"));
  CHECK(
    request.body() ==
    "<CustomizeVM_Task xmlns=\"urn:vim25\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><_this type=\"VirtualMachine\">vm-9</_this>"
    "<spec><identity xsi:type=\"CustomizationLinuxPrep\">"
    "<hostName xsi:type=\"CustomizationVirtualMachineName\"/>"
    "<domain>a&amp;b &lt;c&gt;</domain></identity>"
    "<nicSettingMap><adapter><ip xsi:type=\"CustomizationDhcpIpGenerator\"/></adapter>"
    "</nicSettingMap><value xsi:type=\"xsd:int\">7</value>"
    "<pool type=\"ResourcePool\">p-1</pool></spec></CustomizeVM_Task>");
}

TEST_CASE("XmlNode::xsi_type")
{
  SUBCASE("xsi prefix (real servers)")
  {
    auto doc = XmlDocument::parse(test::fault_envelope(read_fixture("fault_invalid_login.xml")));
    XmlNode fault = doc.root().child("Body").child("Fault").child("detail").child(
      "InvalidLoginFault");
    CHECK(fault.xsi_type() == "InvalidLogin");
  }
  SUBCASE("XMLSchema-instance prefix (vcsim)")
  {
    auto doc = XmlDocument::parse(http_body(read_fixture("wait_for_updates_task_error_b4.http")));
    XmlNode val = first_change_value(doc);
    CHECK(val.xsi_type() == "TaskInfo");
    CHECK(val.child("error").child("fault").xsi_type() == "InvalidPowerState");
    CHECK(val.child("reason").xsi_type() == "TaskReasonUser");
    CHECK(val.child("task").as_moref() == MoRef{"Task", "task-14"});
  }
  SUBCASE("a type attribute without namespace is not xsi:type")
  {
    auto doc = XmlDocument::parse("<a><obj type=\"Folder\">f</obj></a>");
    CHECK(doc.root().child("obj").xsi_type().empty());
    CHECK(doc.root().child("obj").attr("type") == "Folder");
  }
}

TEST_CASE("XmlNode::child")
{
  auto doc = XmlDocument::parse("<r><!-- note -->\n  <unknown><deep/></unknown>\n"
                                "  <a>1</a><b>x</b><a>2</a></r>");
  XmlNode root = doc.root();
  CHECK(root.child("a").text() == "1");
  CHECK(root.children("a").size() == 2);
  CHECK(root.children().size() == 4); // comments and whitespace are not elements
  CHECK_FALSE(root.child("missing"));
  CHECK(root.child_text("missing").empty());
  CHECK(root.child("missing").child("deeper").text().empty());
}

TEST_CASE("XmlDocument::parse")
{
  SUBCASE("malformed")
  {
    CHECK_THROWS_AS(XmlDocument::parse("<html><body>Bad gateway"), NetError);
    CHECK_THROWS_AS(XmlDocument::parse(""), NetError);
    CHECK_THROWS_AS(XmlDocument::parse("not xml at all"), NetError);
  }
  SUBCASE("truncated capture")
  {
    std::string body = http_body(read_fixture("login_response_b1.http"));
    try {
      XmlDocument::parse(body.substr(0, body.size() / 2));
      FAIL("no exception");
    } catch (const NetError& error) {
      CHECK(error.kind() == NetErrorKind::protocol);
    }
  }
  SUBCASE("a DTD (entity expansion) is refused")
  {
    CHECK_THROWS_AS(XmlDocument::parse("<!DOCTYPE r [<!ENTITY e \"x\">]><r>&e;</r>"), NetError);
  }
}

TEST_CASE("XmlDocument::parse limits (limits.h)")
{
  const auto accepted = [](const std::string& text) {
    try {
      return static_cast<bool>(XmlDocument::parse(text).root());
    } catch (const NetError& error) {
      CHECK(error.kind() == NetErrorKind::protocol);
      return false;
    }
  };
  const auto elements = [](std::size_t count, const std::string& unit) {
    std::string text = "<r>";
    for (std::size_t i = 0; i < count; ++i) {
      text += unit;
    }
    return text + "</r>";
  };
  const auto attributes = [](std::size_t count) {
    std::string text = "<r";
    for (std::size_t i = 0; i < count; ++i) {
      text += " a" + std::to_string(i) + "=\"v\"";
    }
    return text + "/>";
  };
  const auto declarations = [](std::size_t count) {
    std::string text;
    for (std::size_t i = 0; i < count; ++i) {
      text += " xmlns:p" + std::to_string(i) + "=\"urn:" + std::to_string(i) + "\"";
    }
    return text;
  };
  const auto nested = [](std::size_t depth) {
    std::string open;
    std::string close;
    for (std::size_t i = 0; i < depth; ++i) {
      open += "<e>";
      close += "</e>";
    }
    return open + close;
  };
  SUBCASE("nodes: the root and its empty children")
  {
    CHECK(accepted(elements(k_max_xml_nodes - 1, "<a/>")));
    CHECK_FALSE(accepted(elements(k_max_xml_nodes, "<a/>")));
    // Text runs and attributes count too.
    CHECK_FALSE(accepted(elements(k_max_xml_nodes / 2, "<a/> ")));
    CHECK_FALSE(accepted(elements(k_max_xml_nodes / 3 + 1, "<a b=\"\"/>")));
  }
  SUBCASE("attributes of one element, namespace declarations included")
  {
    CHECK(accepted(attributes(k_max_xml_attributes)));
    CHECK_FALSE(accepted(attributes(k_max_xml_attributes + 1)));
    CHECK_FALSE(accepted("<r" + declarations(k_max_xml_attributes + 1) + "/>"));
  }
  SUBCASE("namespace declarations in scope, not in the document")
  {
    const std::string half = declarations(k_max_xml_namespaces / 2);
    CHECK(accepted("<r" + half + "><e" + half + "/></r>"));
    CHECK_FALSE(accepted("<r" + half + "><e" + half + " xmlns:x=\"urn:x\"/></r>"));
    // Siblings each declaring their own: never many at once.
    CHECK(accepted(elements(1000, "<e xmlns:q=\"urn:q\" xmlns=\"urn:vim25\"/>")));
  }
  SUBCASE("depth")
  {
    CHECK(accepted(nested(k_max_xml_depth)));
    CHECK_FALSE(accepted(nested(k_max_xml_depth + 1)));
  }
  SUBCASE("what is inside values, comments, CDATA and instructions is not markup")
  {
    const std::string quoted = "<r a=\"x=>y\" b='c d=\"e\">' " + declarations(3) + ">text = x</r>";
    CHECK(accepted(quoted));
    CHECK(accepted("<?xml version=\"1.0\"?><r><!-- <a b=\"1\" c=\"2\"> --><![CDATA[<x y=\"1\">]]>"
                   "<?pi a=\"1\"?></r>"));
    std::string comment = "<r><!--";
    for (std::size_t i = 0; i <= k_max_xml_attributes; ++i) {
      comment += " a" + std::to_string(i) + "=\"\"";
    }
    CHECK(accepted(comment + " --></r>"));
  }
  SUBCASE("a DTD is refused before parsing")
  {
    CHECK_FALSE(accepted("<!DOCTYPE r><r/>"));
  }
  SUBCASE("replies are read as UTF-8 only, so the limits see their markup")
  {
    // Found by fuzz_soap_reply's tree measure: libxml2 detected EBCDIC (and UTF-16) by
    // itself, and the byte scan of the limits saw no '<' there, so any depth or size passed.
    const auto ebcdic = [](const std::string& ascii) {
      // IBM037 for the characters used here.
      std::string out;
      for (const char c : ascii) {
        switch (c) {
        case '<': out += '\x4c'; break;
        case '>': out += '\x6e'; break;
        case '/': out += '\x61'; break;
        case '?': out += '\x6f'; break;
        case '=': out += '\x7e'; break;
        case '"': out += '\x7f'; break;
        case ' ': out += '\x40'; break;
        case '.': out += '\x4b'; break;
        case '0': out += '\xf0'; break;
        case '1': out += '\xf1'; break;
        case '3': out += '\xf3'; break;
        case '7': out += '\xf7'; break;
        case 'e': out += '\x85'; break;
        case 'c': out += '\x83'; break;
        case 'd': out += '\x84'; break;
        case 'g': out += '\x87'; break;
        case 'i': out += '\x89'; break;
        case 'l': out += '\x93'; break;
        case 'm': out += '\x94'; break;
        case 'n': out += '\x95'; break;
        case 'o': out += '\x96'; break;
        case 'r': out += '\x99'; break;
        case 's': out += '\xa2'; break;
        case 'v': out += '\xa5'; break;
        case 'x': out += '\xa7'; break;
        case 'B': out += '\xc2'; break;
        case 'I': out += '\xc9'; break;
        case 'M': out += '\xd4'; break;
        default: FAIL("no IBM037 code for " << c);
        }
      }
      return out;
    };
    const std::string declaration = "<?xml version=\"1.0\" encoding=\"IBM037\"?>";
    CHECK_FALSE(accepted(ebcdic(declaration + nested(k_max_xml_depth + 72))));
    CHECK_FALSE(accepted(ebcdic(declaration + "<r/>")));
    // UTF-16 with a byte order mark.
    std::string utf16 = "\xff\xfe";
    for (const char c : std::string("<r>x</r>")) {
      utf16 += c;
      utf16 += '\0';
    }
    CHECK_FALSE(accepted(utf16));
    // UTF-8, with or without its byte order mark, and whatever the declaration says.
    CHECK(accepted("\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\"?><r>caf\xc3\xa9</r>"));
    CHECK(accepted("<?xml version=\"1.0\" encoding=\"UTF-16\"?><r>x</r>"));
    CHECK(XmlDocument::parse("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>caf\xc3\xa9</r>")
            .root()
            .text() == "caf\xc3\xa9");
  }
}
