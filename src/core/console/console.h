// SPDX-License-Identifier: Apache-2.0

#pragma once

#include "core/console/usb_keys.h"
#include "core/vsphere/session.h"

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace vmrun::core {

// captureScreen (docs/behaviour.md#console): CreateScreenshot_Task on the powered-on
// VM; its result is the datastore path of the PNG the host saved next to the VM, which is
// downloaded (/folder, session cookie) into `host_path` through an AtomicFileWriter (complete or
// not at all), then deleted from the datastore (best effort, not waited for). SIGINT, SIGTERM or
// SIGHUP meanwhile: "The operation was cancelled", no host file, the datastore copy deleted.
// Not powered on: Error "The virtual machine is not powered on: <vmx>".
void capture_screen(Session& session, const std::string& vmx,
                    const std::filesystem::path& host_path, std::chrono::seconds timeout);

// The same screenshot into memory (VixVM_CaptureScreenImage): the PNG's bytes.
std::string capture_screen_png(Session& session, const std::string& vmx,
                               std::chrono::seconds timeout);

// typeKeystrokesInGuest (docs/behaviour.md#console): PutUsbScanCodes with up to 50 keys per call,
// each call checked against the count the host returns (hosts drop keys from long batches, the
// reason community.vmware once sent one key per call): what the host did not take is sent
// again from there. Not powered on: the not-powered-on error, nothing sent.
void type_keystrokes(Session& session, const std::string& vmx, const std::vector<KeyStroke>& keys);

// Appends one <keyEvents> (usbHidCode, then all eight modifiers in WSDL order, Shift as asked).
void write_key_event(transport::XmlWriter& writer, const KeyStroke& key);

} // namespace vmrun::core
