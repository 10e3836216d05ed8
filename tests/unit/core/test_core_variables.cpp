// SPDX-License-Identifier: Apache-2.0

#include "core/vm/guest_info.h"
#include "core/vm/variables.h"

#include <doctest/doctest.h>

using namespace vmrun::core;
using vmrun::transport::XmlDocument;

TEST_CASE("extra_config_key")
{
  CHECK(extra_config_key(VariableType::guest_var, "build") == "guestinfo.build");
  CHECK(extra_config_key(VariableType::guest_var, "guestinfo.build") == "guestinfo.build");
  CHECK(extra_config_key(VariableType::guest_var, "GuestInfo.build") == "GuestInfo.build");
  CHECK(extra_config_key(VariableType::guest_var, "guestinfo") == "guestinfo.guestinfo");
  CHECK(extra_config_key(VariableType::guest_var, "a.b") == "guestinfo.a.b");
  CHECK(extra_config_key(VariableType::runtime_config, "build") == "build");
  CHECK(extra_config_key(VariableType::runtime_config, "guestinfo.x") == "guestinfo.x");
  CHECK(extra_config_key(VariableType::runtime_config, "tools.syncTime") == "tools.syncTime");
}

TEST_CASE("option_value picks one key of config.extraConfig")
{
  const auto doc = XmlDocument::parse(R"(<val xmlns="urn:vim25"
    xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance"
    XMLSchema-instance:type="ArrayOfOptionValue">
    <OptionValue XMLSchema-instance:type="OptionValue"><key>govcsim</key><value XMLSchema-instance:type="xsd:string">TRUE</value></OptionValue>
    <OptionValue XMLSchema-instance:type="OptionValue"><key>guestinfo.build</key><value XMLSchema-instance:type="xsd:string">42 &amp; more</value></OptionValue>
    <OptionValue XMLSchema-instance:type="OptionValue"><key>guestinfo.empty</key><value XMLSchema-instance:type="xsd:string"></value></OptionValue>
  </val>)");
  CHECK(option_value(doc.root(), "guestinfo.build") == "42 & more");
  CHECK(option_value(doc.root(), "govcsim") == "TRUE");
  CHECK(option_value(doc.root(), "GOVCSIM").empty()); // keys compare exactly
  CHECK(option_value(doc.root(), "guestinfo.empty").empty());
  CHECK(option_value(doc.root(), "missing").empty());
  CHECK(option_value({}, "guestinfo.build").empty()); // no extraConfig at all
}

TEST_CASE("tools_state_from")
{
  // Running, whatever the version says.
  CHECK(tools_state_from("guestToolsRunning", "guestToolsCurrent", "toolsOk") ==
        ToolsState::running);
  CHECK(tools_state_from("guestToolsRunning", "guestToolsNeedUpgrade", "toolsOld") ==
        ToolsState::running);
  CHECK(tools_state_from("guestToolsExecutingScripts", "guestToolsUnmanaged", "") ==
        ToolsState::running);
  // Installed, not running.
  CHECK(tools_state_from("guestToolsNotRunning", "guestToolsCurrent", "toolsNotRunning") ==
        ToolsState::installed);
  CHECK(tools_state_from("guestToolsNotRunning", "guestToolsUnmanaged", "") ==
        ToolsState::installed);
  CHECK(tools_state_from("", "", "toolsNotRunning") == ToolsState::installed);
  // Not installed or nothing known.
  CHECK(tools_state_from("guestToolsNotRunning", "guestToolsNotInstalled", "toolsNotInstalled") ==
        ToolsState::unknown);
  CHECK(tools_state_from("", "", "toolsNotInstalled") == ToolsState::unknown);
  CHECK(tools_state_from("", "", "") == ToolsState::unknown);
  // An old server without toolsRunningStatus: toolsOk / toolsOld mean running.
  CHECK(tools_state_from("", "", "toolsOk") == ToolsState::running);
  CHECK(tools_state_from("", "", "toolsOld") == ToolsState::running);

  CHECK(tools_state_word(ToolsState::running) == "running");
  CHECK(tools_state_word(ToolsState::installed) == "installed");
  CHECK(tools_state_word(ToolsState::unknown) == "unknown");
}
