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

XSLoader::load('VMware::Vix::Simple', $VERSION);

# The 67 Simple functions, exported by default, and the low-level functions that are Simple ones
# under another name (VMware::Vix::API::API::ReleaseHandle, ...): both lists come from the one
# table perl/api.table (docs/perl.md#table), compiled into the XS object. The other low-level
# functions are XS of their own; consumers call them fully qualified having loaded only this
# module (docs/perl.md#low-level).
our @EXPORT = _exports();
{
  no strict 'refs';
  my %alias = _aliases();
  *{$_} = \&{"VMware::Vix::Simple::$alias{$_}"} for keys %alias;
}

1;

__END__

=head1 NAME

VMware::Vix::Simple - the synchronous VIX Perl API, over vmrun's libvixAllProducts.so

=head1 SYNOPSIS

  use VMware::Vix::Simple;
  use VMware::Vix::API::Constants;

  my ($err, $host) = HostConnect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER,
                                 "https://esx.example/sdk", 0, "root", "secret", 0,
                                 VIX_INVALID_HANDLE);
  die GetErrorText($err) if $err != VIX_OK;
  ($err, my $vm) = VMOpen($host, "[datastore1] web/web.vmx");
  $err = VMPowerOn($vm, VIX_VMPOWEROP_NORMAL, VIX_INVALID_HANDLE) unless $err;
  ReleaseHandle($vm);
  HostDisconnect($host);

=head1 DESCRIPTION

Scripts written for VMware's VIX Perl API run unchanged on this module: every function is
synchronous, takes the C function's arguments in C order without its callback, client data and
output pointers, and returns the C error code (C<$err>, C<VIX_OK> is 0) first, then its results.
Handles are plain integers. Nothing dies for a failure of the library: the code comes back as
C<$err>. In scalar context a function returns C<$err> alone (C<GetErrorText> and
C<GetHandleType> their one value). An C<alarm> handler that dies abandons a waiting call at once.
Every function is exported by default; the constants come from L<VMware::Vix::API::Constants>
and are also reachable as C<VMware::Vix::Simple::VIX_OK> and so on.

The project's F<docs/perl.md> states the rules in full (argument conversion, result shapes, hash
keys, threads and waits) and what is not done yet.

=head1 FUNCTIONS

=head2 Host and handles

=over

=item HostConnect($apiVersion, $hostType, $hostName, $hostPort, $userName, $password, $options, $propertyListHandle)

C<($err, $hostHandle)>.

=item HostDisconnect($hostHandle)

Returns nothing; every handle obtained through the host goes with it.

=item HostOpenVM($hostHandle, $vmxFilePath, $options, $propertyListHandle)

C<($err, $vmHandle)>.

=item VMOpen($hostHandle, $vmxFilePath)

C<($err, $vmHandle)>.

=item FindItems($hostHandle, $searchType, $timeout)

C<($err, @vmxPaths)>.

=item FindRunningVMs($hostHandle, $timeout)

C<($err, @vmxPaths)> of the powered-on VMs.

=item RegisterVM($hostHandle, $vmxFilePath)

=item UnregisterVM($hostHandle, $vmxFilePath)

C<$err>.

=item AllocPropertyList($handle, $id1, $value1, ..., VIX_PROPERTY_NONE)

C<($err, $propertyListHandle)>: a property list holding the pairs (at most four; the terminator
may be left out), each value converted by its id's type; release it with C<ReleaseHandle>. An id
the library does not know gives C<VIX_E_UNRECOGNIZED_PROPERTY>; a value missing for an id dies.

=item GetProperties($handle, @propertyIds)

C<($err, @values)>, one value per id (undef for each on an error).

=item GetHandleType($handle)

The handle's C<VIX_HANDLETYPE_*>.

=item GetErrorText($err, $locale)

The error's text.

=item ReleaseHandle($handle)

Returns nothing.

=back

=head2 Power and VM

=over

=item VMPowerOn($vmHandle, $powerOnOptions, $propertyListHandle)

=item VMPowerOff($vmHandle, $powerOffOptions)

=item VMReset($vmHandle, $resetOptions)

=item VMSuspend($vmHandle, $suspendOptions)

=item VMPause($vmHandle, $options, $propertyListHandle)

=item VMUnpause($vmHandle, $options, $propertyListHandle)

=item VMDelete($vmHandle, $deleteOptions)

=item VMUpgradeVirtualHardware($vmHandle, $options)

=item VMInstallTools($vmHandle, $options, $commandLineArgs)

C<$err>. vSphere cannot pause a VM: C<VMPause> and C<VMUnpause> return C<VIX_E_NOT_SUPPORTED>.

=item VMClone($vmHandle, $snapshotHandle, $cloneType, $destConfigPathName, $options, $propertyListHandle)

C<($err, $cloneHandle)>.

=item VMReadVariable($vmHandle, $variableType, $name, $options)

C<($err, $value)>.

=item VMWriteVariable($vmHandle, $variableType, $valueName, $value, $options)

C<$err>.

=item VMCaptureScreenImage($vmHandle, $captureType, $additionalProperties)

C<($err, $size, $bytes)>, the PNG's bytes, binary-safe.

=back

=head2 Guest

=over

=item VMWaitForToolsInGuest($vmHandle, $timeoutInSeconds)

=item VMLoginInGuest($vmHandle, $userName, $password, $options)

=item VMLogoutFromGuest($vmHandle)

=item VMRunProgramInGuest($vmHandle, $guestProgramName, $commandLineArgs, $options, $propertyListHandle)

=item VMRunScriptInGuest($vmHandle, $interpreter, $scriptText, $options, $propertyListHandle)

=item VMCopyFileFromHostToGuest($vmHandle, $hostPathName, $guestPathName, $options, $propertyListHandle)

=item VMCopyFileFromGuestToHost($vmHandle, $guestPathName, $hostPathName, $options, $propertyListHandle)

=item VMKillProcessInGuest($vmHandle, $pid, $options)

=item VMDeleteFileInGuest($vmHandle, $guestPathName)

=item VMRenameFileInGuest($vmHandle, $oldName, $newName, $options, $propertyListHandle)

=item VMCreateDirectoryInGuest($vmHandle, $pathName, $propertyListHandle)

=item VMDeleteDirectoryInGuest($vmHandle, $pathName, $options)

C<$err>.

=item VMRunProgramInGuestEx($vmHandle, $guestProgramName, $commandLineArgs, $options, $propertyListHandle)

=item VMRunScriptInGuestEx($vmHandle, $interpreter, $scriptText, $options, $propertyListHandle)

C<($err, %result)> with the keys C<PROCESS_ID>, C<ELAPSED_TIME>, C<EXIT_CODE>.

=item VMListProcessesInGuest($vmHandle, $options)

C<($err, @processes)>, hash references with the keys C<PROCESS_NAME>, C<PROCESS_ID>,
C<PROCESS_OWNER>, C<PROCESS_COMMAND>, C<PROCESS_BEING_DEBUGGED>, C<PROCESS_START_TIME>.

=item VMListDirectoryInGuest($vmHandle, $pathName, $options)

C<($err, @files)>, hash references with the keys C<FILE_NAME>, C<FILE_SIZE>,
C<FILE_ATTRIBUTES>, C<FILE_MOD_TIME>.

=item VMGetFileInfoInGuest($vmHandle, $pathName)

C<($err, %info)> with the keys C<FILE_SIZE>, C<FILE_FLAGS>, C<FILE_MOD_TIME>.

=item VMFileExistsInGuest($vmHandle, $guestPathName)

=item VMDirectoryExistsInGuest($vmHandle, $pathName)

C<($err, $exists)>, 0 or 1.

=item VMCreateTempFileInGuest($vmHandle, $options, $propertyListHandle)

C<($err, $tempFilePath)>.

=back

=head2 Snapshots

=over

=item VMCreateSnapshot($vmHandle, $name, $description, $options, $propertyListHandle)

C<($err, $snapshotHandle)>.

=item VMGetNumRootSnapshots($vmHandle)

C<($err, $count)>.

=item VMGetRootSnapshot($vmHandle, $index)

=item VMGetCurrentSnapshot($vmHandle)

=item VMGetNamedSnapshot($vmHandle, $name)

=item SnapshotGetChild($snapshotHandle, $index)

=item SnapshotGetParent($snapshotHandle)

C<($err, $snapshotHandle)>: the same number for the same snapshot while a reference is held.

=item SnapshotGetNumChildren($snapshotHandle)

C<($err, $count)>.

=item VMRevertToSnapshot($vmHandle, $snapshotHandle, $options, $propertyListHandle)

=item VMRemoveSnapshot($vmHandle, $snapshotHandle, $options)

C<$err>.

=back

=head2 Not on vSphere

=over

=item VMEnableSharedFolders($vmHandle, $enabled, $options)

=item VMGetNumSharedFolders($vmHandle)

=item VMGetSharedFolderState($vmHandle, $index)

=item VMSetSharedFolderState($vmHandle, $shareName, $hostPathName, $flags)

=item VMAddSharedFolder($vmHandle, $shareName, $hostPathName, $flags)

=item VMRemoveSharedFolder($vmHandle, $shareName, $flags)

=item VMBeginRecording($vmHandle, $name, $description, $options, $propertyListHandle)

=item VMEndRecording($vmHandle, $options, $propertyListHandle)

=item VMBeginReplay($vmHandle, $snapshotHandle, $options, $propertyListHandle)

=item VMEndReplay($vmHandle, $options, $propertyListHandle)

=item VMOpenUrlInGuest($vmHandle, $url, $windowState, $propertyListHandle)

C<$err> first: C<VIX_E_NOT_SUPPORTED> (6), as the library answers, since vSphere has no shared
folders, no record and replay and no operation that opens a URL in a guest.

=back

=head1 SEE ALSO

L<VMware::Vix::API::Constants>; L<VMware::Vix::API::API> for the low-level, job-returning
layer this module also defines; the project's F<docs/perl.md> and F<docs/libvix.md>.

=cut
