// SPDX-License-Identifier: Apache-2.0

#include "core/guest/guest.h"

#include "core/errors/faults.h"
#include "core/errors/vix_catalog.h"
#include "core/vsphere/property_paths.h"
#include "core/vsphere/wait.h"

#include <cstdio>
#include <ctime>

namespace vmrun::core {

using transport::XmlWriter;

namespace {

constexpr const char* k_runtime_host = "runtime.host";
constexpr const char* k_ops_ready = "guest.guestOperationsReady";
constexpr const char* k_family = "guest.guestFamily";
constexpr const char* k_install_type = "guest.toolsInstallType";

// The guest facts a guest verb needs, as they arrive (read once, then from property changes).
struct GuestState {
  std::string power;
  std::string tools;
  std::string ready;
  std::string family;
  std::string install_type;
  std::string version_status;

  void set(const std::string& path, const std::string& value)
  {
    if (path == paths::power_state) {
      power = value;
    } else if (path == paths::tools_running) {
      tools = value;
    } else if (path == k_ops_ready) {
      ready = value;
    } else if (path == k_family) {
      family = value;
    } else if (path == k_install_type) {
      install_type = value;
    } else if (path == paths::tools_version) {
      version_status = value;
    }
  }
  bool powered_on() const { return power == "poweredOn"; }
  bool ready_for_operations() const { return tools == "guestToolsRunning" && ready == "true"; }
  // Waiting cannot help a guest without Tools.
  bool tools_missing() const { return version_status == "guestToolsNotInstalled"; }
};

const std::vector<std::string>& state_paths()
{
  static const std::vector<std::string> list{paths::power_state, paths::tools_running,
                                             k_ops_ready,        k_family,
                                             k_install_type,     paths::tools_version};
  return list;
}

GuestManagers read_managers(Session& session)
{
  const MoRef& manager = session.service().guest_operations_manager;
  if (manager.empty()) {
    throw Error(vix::not_supported, vix_text(vix::not_supported));
  }
  const ObjectContent content = retrieve_object(session, manager,
                                                {"processManager", "fileManager", "authManager"});
  return {content.prop("processManager").as_moref(), content.prop("fileManager").as_moref(),
          content.prop("authManager").as_moref()};
}

} // namespace

GuestFamily guest_family(std::string_view family, std::string_view tools_install_type)
{
  if (family == "windowsGuest") {
    return GuestFamily::windows;
  }
  if ((family.empty() || family == "otherGuestFamily") &&
      tools_install_type == "guestToolsTypeMSI") {
    return GuestFamily::windows;
  }
  return GuestFamily::posix;
}

GuestVm open_guest(Session& session, const GuestTarget& target)
{
  return with_vm_errors(target.vmx, [&] {
    GuestVm guest;
    guest.session = &session;
    guest.login = target.login;
    guest.timeout = target.timeout;
    std::vector<std::string> read = state_paths();
    read.emplace_back(k_runtime_host);
    guest.vm = find_vm_not_template(session, target.vmx, read);
    guest.host = guest.vm.props.prop(k_runtime_host).as_moref();

    GuestState state;
    for (const auto& path : state_paths()) {
      state.set(path, guest.vm.props.text(path));
    }
    if (!state.powered_on()) {
      throw vm_not_running(target.vmx);
    }
    if (!state.ready_for_operations() && state.tools_missing()) {
      throw tools_not_running(target.vmx);
    }
    if (!state.ready_for_operations()) {
      // The first update reports the current values; later ones the changes. A question the
      // VM asks ends the wait: Tools do not start until it is answered.
      wait_for_vm_change(session, guest.vm.ref, state_paths(), target.timeout,
                         [&](const std::string& path, const XmlNode& value) {
                           state.set(path, value ? value.text() : std::string());
                           if (path == paths::power_state && !state.powered_on()) {
                             throw vm_not_running(target.vmx);
                           }
                           return state.ready_for_operations();
                         });
    }
    guest.family = guest_family(state.family, state.install_type);
    guest.managers = read_managers(session);
    return guest;
  });
}

std::int64_t epoch_seconds(std::string_view text)
{
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int used = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                  &second, &used) != 6) {
    return 0;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  std::int64_t seconds = timegm(&tm);
  std::string_view rest = text.substr(static_cast<std::size_t>(used));
  while (!rest.empty() && (rest.front() == '.' || (rest.front() >= '0' && rest.front() <= '9'))) {
    rest.remove_prefix(1); // fractions of a second
  }
  int off_hours = 0;
  int off_minutes = 0;
  if (rest.size() >= 6 && (rest.front() == '+' || rest.front() == '-') &&
      std::sscanf(std::string(rest.substr(1)).c_str(), "%2d:%2d", &off_hours, &off_minutes) == 2) {
    const std::int64_t offset = off_hours * 3600 + off_minutes * 60;
    seconds += rest.front() == '+' ? -offset : offset;
  }
  return seconds;
}

XmlWriter guest_request(const GuestVm& guest, std::string_view method, const MoRef& manager)
{
  XmlWriter w(method, manager);
  w.moref("vm", guest.vm.ref);
  w.open("auth", "NamePasswordAuthentication")
    .boolean("interactiveSession", guest.login.interactive)
    .text("username", guest.login.user)
    .text("password", guest.login.password)
    .close();
  return w;
}

} // namespace vmrun::core
