// SPDX-License-Identifier: Apache-2.0

// SCREEN, KEYBOARD AND DEVICES: captureScreen, typeKeystrokesInGuest, connectNamedDevice,
// disconnectNamedDevice (docs/behaviour.md#console). None needs a guest login or running Tools.
#include "cli/handlers.h"

#include "core/console/console.h"
#include "core/console/devices.h"
#include "core/console/usb_keys.h"

namespace vmrun::cli {

int handle_capture_screen(Invocation& invocation)
{
  core::capture_screen(invocation.session(), invocation.params[0], invocation.params[1],
                       invocation.timeout);
  return 0;
}

int handle_type_keystrokes_in_guest(Invocation& invocation)
{
  // Checked before connecting: a string that cannot be typed entirely is not typed at all.
  const auto keys = core::keys_for_text(invocation.params[1]);
  core::type_keystrokes(invocation.session(), invocation.params[0], keys);
  return 0;
}

int handle_connect_named_device(Invocation& invocation)
{
  core::set_device_connected(invocation.session(), invocation.params[0], invocation.params[1], true,
                             invocation.timeout);
  return 0;
}

int handle_disconnect_named_device(Invocation& invocation)
{
  core::set_device_connected(invocation.session(), invocation.params[0], invocation.params[1],
                             false, invocation.timeout);
  return 0;
}

} // namespace vmrun::cli
