# SPDX-License-Identifier: Apache-2.0
# VMware::Vix::Simple: the synchronous VIX Perl API over libvixAllProducts.so (docs/perl.md).
# The functions are XS (perl/Simple.xs); this file loads them, exports them by default, and
# imports every VIX_* constant into this package so that VMware::Vix::Simple::VIX_OK works.
package VMware::Vix::Simple;
use strict;
use warnings;
use Exporter 'import';
use XSLoader;
use VMware::Vix::API::Constants;

our $VERSION = '0.1';

# The Simple functions of this slice (docs/perl.md#functions lists the ones still missing).
our @EXPORT = qw(
  HostConnect HostDisconnect FindItems FindRunningVMs VMOpen
  GetProperties GetHandleType GetErrorText ReleaseHandle
  VMPowerOn VMPowerOff VMReset VMSuspend
  VMWaitForToolsInGuest VMLoginInGuest VMLogoutFromGuest VMRunProgramInGuest
  VMCopyFileFromHostToGuest VMCopyFileFromGuestToHost
  VMListProcessesInGuest VMKillProcessInGuest
  VMReadVariable VMWriteVariable
  VMCreateSnapshot VMGetNumRootSnapshots VMGetRootSnapshot VMGetCurrentSnapshot
  VMGetNamedSnapshot VMRevertToSnapshot VMRemoveSnapshot
  VMCaptureScreenImage
  HostOpenVM RegisterVM UnregisterVM VMPause VMUnpause VMDelete VMUpgradeVirtualHardware
  VMInstallTools VMRunProgramInGuestEx VMRunScriptInGuest VMRunScriptInGuestEx
  VMDeleteFileInGuest VMFileExistsInGuest VMRenameFileInGuest VMCreateTempFileInGuest
  VMGetFileInfoInGuest VMListDirectoryInGuest VMCreateDirectoryInGuest VMDeleteDirectoryInGuest
  VMDirectoryExistsInGuest SnapshotGetNumChildren SnapshotGetChild SnapshotGetParent
  VMClone VMEnableSharedFolders VMGetNumSharedFolders VMGetSharedFolderState
  VMSetSharedFolderState VMAddSharedFolder VMRemoveSharedFolder
  VMBeginRecording VMEndRecording VMBeginReplay VMEndReplay VMOpenUrlInGuest
);

XSLoader::load('VMware::Vix::Simple', $VERSION);

# The low-level packages' functions that consumers call fully qualified, without a `use` of
# their own (docs/perl.md#low-level): VMware::Vix::API::VM::RunScriptInGuest and
# VMware::Vix::API::Job::{Wait,WaitTimeout,CheckCompletion,GetError} are XS too; the handle
# functions of VMware::Vix::API::API are the Simple ones.
{
  no strict 'refs';
  for my $name (qw(ReleaseHandle GetHandleType GetErrorText GetProperties)) {
    *{"VMware::Vix::API::API::$name"} = \&{"VMware::Vix::Simple::$name"};
  }
}

1;
