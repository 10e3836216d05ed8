# SPDX-License-Identifier: Apache-2.0
# VMware::Vix::Simple against the simulator (run by t/run_tests.sh once per model, with
# VIX_TEST_MODEL, _HOST, _USER, _PASSWORD and _WORK set): connect, find, open, properties,
# variables, guest operations, power cycle and snapshots, each result read back exactly.
use strict;
use warnings;
use Test::More;
use VMware::Vix::Simple;
use VMware::Vix::API::Constants;

for my $name (qw(VIX_TEST_MODEL VIX_TEST_HOST VIX_TEST_USER VIX_TEST_PASSWORD VIX_TEST_WORK)) {
  BAIL_OUT("$name is not set") unless defined $ENV{$name};
}
my $model = $ENV{VIX_TEST_MODEL};
my $vm_name = $model eq 'esx' ? 'ha-host_VM0' : 'DC0_H0_VM0';
my $work = $ENV{VIX_TEST_WORK};
my $ON = VIX_POWERSTATE_POWERED_ON | VIX_POWERSTATE_TOOLS_RUNNING;

# Connect: a wrong password first, then the right one.
my @bad = HostConnect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER, $ENV{VIX_TEST_HOST},
  0, $ENV{VIX_TEST_USER}, 'wrong', 0, VIX_INVALID_HANDLE);
is_deeply(\@bad, [VIX_E_AUTHENTICATION_FAIL, VIX_INVALID_HANDLE], 'wrong password: (35, 0)');
my ($err, $host) = HostConnect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER,
  $ENV{VIX_TEST_HOST}, 443, $ENV{VIX_TEST_USER}, $ENV{VIX_TEST_PASSWORD}, 0, VIX_INVALID_HANDLE);
is($err, VIX_OK, 'HostConnect');
is(GetHandleType($host), VIX_HANDLETYPE_HOST, 'a host handle');

# Find: every registered VM, each path opened and read back unchanged.
my ($ferr, @paths) = FindItems($host, VIX_FIND_REGISTERED_VMS, -1);
is($ferr, VIX_OK, 'FindItems registered');
is(scalar(@paths), $model eq 'esx' ? 2 : 4, 'the model\'s VMs');
my ($rerr, @running) = FindRunningVMs($host, 100);
is($rerr, VIX_OK, 'FindRunningVMs');
is_deeply([sort @running], [sort @paths], 'all of them running at start');
my ($vm, $vmx);
for my $path (@paths) {
  my ($oerr, $h) = VMOpen($host, $path);
  is($oerr, VIX_OK, "VMOpen $path");
  my ($perr, $pathname) = GetProperties($h, VIX_PROPERTY_VM_VMX_PATHNAME);
  is_deeply([$perr, $pathname], [VIX_OK, $path], 'VMX_PATHNAME is the found path');
  my ($verr, $display) = VMReadVariable($h, VIX_VM_CONFIG_RUNTIME_ONLY, 'displayName', 0);
  is($verr, VIX_OK, 'displayName read');
  if ($display eq $vm_name) {
    ($vm, $vmx) = ($h, $path);
  } else {
    ReleaseHandle($h);
  }
}
ok($vm, "found $vm_name") or BAIL_OUT("no $vm_name");
is(GetHandleType($vm), VIX_HANDLETYPE_VM, 'a VM handle');
my ($again_err, $again) = VMOpen($host, $vmx);
is_deeply([$again_err, $again], [VIX_OK, $vm], 'opening it again gives the same handle');
ReleaseHandle($again);

# Properties: one typed value per id; an unknown id is an error code.
is_deeply([GetProperties($vm, VIX_PROPERTY_VM_POWER_STATE, VIX_PROPERTY_VM_READ_ONLY)],
  [VIX_OK, $ON, 0], 'power state on with Tools, not read-only');
is_deeply([GetProperties($vm, 4202)], [VIX_E_UNRECOGNIZED_PROPERTY, undef],
  'a private property id: 6000');

# Variables.
is(VMWriteVariable($vm, VIX_VM_GUEST_VARIABLE, 'color', 'blue', 0), VIX_OK, 'write guestinfo');
is_deeply([VMReadVariable($vm, VIX_VM_GUEST_VARIABLE, 'color', 0)], [VIX_OK, 'blue'],
  'read it back');
is_deeply([VMReadVariable($vm, VIX_VM_CONFIG_RUNTIME_ONLY, 'guestinfo.color', 0)],
  [VIX_OK, 'blue'], 'the same key as runtime configuration');
is(VMWriteVariable($vm, VIX_VM_GUEST_VARIABLE, 'a=b', 'x', 0), VIX_E_INVALID_ARG,
  'a bad name: 3');

# Guest: login, copies both ways, programs, processes, screen.
is(VMWaitForToolsInGuest($vm, 10), VIX_OK, 'Tools running');
is(VMRunProgramInGuest($vm, '/bin/true', '', 0, VIX_INVALID_HANDLE),
  VIX_E_ANON_GUEST_OPERATIONS_PROHIBITED, 'no login: 3018');
is(VMLoginInGuest($vm, 'user', 'wrong', 0), VIX_E_GUEST_USER_PERMISSIONS, 'wrong guest password');
is(VMLoginInGuest($vm, 'user', 'userpw', 0), VIX_OK, 'VMLoginInGuest');
my $src = "$work/perl-up-$model.txt";
my $back = "$work/perl-back-$model.txt";
open(my $fh, '>', $src) or die "$src: $!";
binmode $fh;
print $fh "from perl\n\x00\xff bytes\n";
close $fh;
is(VMCopyFileFromHostToGuest($vm, $src, '/home/user/perl.txt', 0, VIX_INVALID_HANDLE), VIX_OK,
  'copy to the guest');
is(VMCopyFileFromGuestToHost($vm, '/home/user/perl.txt', $back, 0, VIX_INVALID_HANDLE), VIX_OK,
  'copy back');
open($fh, '<', $back) or die "$back: $!";
binmode $fh;
my $content = do { local $/; <$fh> };
close $fh;
is($content, "from perl\n\x00\xff bytes\n", 'the same bytes came back');
is(VMCopyFileFromGuestToHost($vm, '/home/user/none.txt', $back, 0, VIX_INVALID_HANDLE),
  VIX_E_FILE_NOT_FOUND, 'a missing guest file: 4');
is(VMRunProgramInGuest($vm, '/bin/true', '', 0, VIX_INVALID_HANDLE), VIX_OK, '/bin/true');
is(VMRunProgramInGuest($vm, '/bin/false', undef, 0, VIX_INVALID_HANDLE), VIX_OK,
  'a non-zero exit code is no error');
is(VMRunProgramInGuest($vm, '/bin/nonexistent', '', 0, VIX_INVALID_HANDLE), VIX_E_FILE_NOT_FOUND,
  'a missing program: 4');
is(VMRunProgramInGuest($vm, '/bin/sleep', '300', VIX_RUNPROGRAM_RETURN_IMMEDIATELY,
  VIX_INVALID_HANDLE), VIX_OK, 'sleep started');
my ($lerr, @procs) = VMListProcessesInGuest($vm);
is($lerr, VIX_OK, 'VMListProcessesInGuest');
my @sleeps = grep { $_->{PROCESS_COMMAND} eq '/bin/sleep 300' } @procs;
is(scalar(@sleeps), 1, 'one sleep process');
my $sleep = $sleeps[0] || {};
is_deeply([sort keys %$sleep], [qw(PROCESS_BEING_DEBUGGED PROCESS_COMMAND PROCESS_ID PROCESS_NAME
  PROCESS_OWNER PROCESS_START_TIME)], 'the record\'s keys');
is($sleep->{PROCESS_NAME}, 'sleep', 'PROCESS_NAME');
is($sleep->{PROCESS_OWNER}, 'user', 'PROCESS_OWNER');
is($sleep->{PROCESS_BEING_DEBUGGED}, 0, 'PROCESS_BEING_DEBUGGED');
like($sleep->{PROCESS_ID} // '', qr/^[1-9][0-9]*$/, 'PROCESS_ID a number');
cmp_ok(abs(($sleep->{PROCESS_START_TIME} // 0) - time), '<', 120, 'PROCESS_START_TIME now');
is(VMKillProcessInGuest($vm, $sleep->{PROCESS_ID}, 0), VIX_OK, 'VMKillProcessInGuest');
is(VMKillProcessInGuest($vm, $sleep->{PROCESS_ID}, 0), VIX_E_NO_SUCH_PROCESS,
  'killed again: 20003');
my ($cerr, $size, $png) = VMCaptureScreenImage($vm, VIX_CAPTURESCREENFORMAT_PNG,
  VIX_INVALID_HANDLE);
is($cerr, VIX_OK, 'VMCaptureScreenImage');
cmp_ok($size, '>', 8, 'an image');
is(length($png), $size, 'binary-safe: length is the size');
is(substr($png, 0, 8), "\x89PNG\r\n\x1a\n", 'a PNG');
is(VMLogoutFromGuest($vm), VIX_OK, 'VMLogoutFromGuest');
is(VMRunProgramInGuest($vm, '/bin/true', '', 0, VIX_INVALID_HANDLE),
  VIX_E_ANON_GUEST_OPERATIONS_PROHIBITED, 'logged out: 3018');

# Power cycle, each state read back.
sub power_state { my ($e, $s) = GetProperties($vm, VIX_PROPERTY_VM_POWER_STATE); return $e ? -$e : $s }
is(VMPowerOff($vm, VIX_VMPOWEROP_NORMAL), VIX_OK, 'VMPowerOff');
is(power_state(), VIX_POWERSTATE_POWERED_OFF, 'off');
my ($off_again) = VMPowerOff($vm, 0);
is($off_again, VIX_E_VM_NOT_RUNNING, 'off again: 3006');
is(VMPowerOn($vm, VIX_VMPOWEROP_LAUNCH_GUI, VIX_INVALID_HANDLE), VIX_OK, 'VMPowerOn (GUI flag ignored)');
is(VMWaitForToolsInGuest($vm, 10), VIX_OK, 'Tools again');
is(power_state(), $ON, 'on with Tools');
is(VMSuspend($vm, 0), VIX_OK, 'VMSuspend');
is(power_state(), VIX_POWERSTATE_SUSPENDED, 'suspended');
is(VMPowerOn($vm, 0, VIX_INVALID_HANDLE), VIX_OK, 'resumed');
is(VMReset($vm, 0), VIX_OK, 'VMReset');
is(VMWaitForToolsInGuest($vm, 10), VIX_OK, 'Tools after reset');
is(power_state(), $ON, 'on after reset');

# Snapshots: taken while off, reverted to while on (so the VM is off again), removed.
is(VMPowerOff($vm, 0), VIX_OK, 'off for the snapshot');
is_deeply([VMGetNumRootSnapshots($vm)], [VIX_OK, 0], 'no snapshot');
is_deeply([VMGetCurrentSnapshot($vm)], [VIX_E_SNAPSHOT_NOTFOUND, VIX_INVALID_HANDLE],
  'no current snapshot');
my ($serr, $snap) = VMCreateSnapshot($vm, 'perl-snap', 'from perl', 0, VIX_INVALID_HANDLE);
is($serr, VIX_OK, 'VMCreateSnapshot');
is(GetHandleType($snap), VIX_HANDLETYPE_SNAPSHOT, 'a snapshot handle');
is_deeply([GetProperties($snap, VIX_PROPERTY_SNAPSHOT_DISPLAYNAME,
  VIX_PROPERTY_SNAPSHOT_DESCRIPTION)], [VIX_OK, 'perl-snap', 'from perl'], 'its name and description');
is_deeply([VMGetNumRootSnapshots($vm)], [VIX_OK, 1], 'one root snapshot');
is_deeply([VMGetCurrentSnapshot($vm)], [VIX_OK, $snap], 'current = created (same number)');
is_deeply([VMGetRootSnapshot($vm, 0)], [VIX_OK, $snap], 'root 0 = created');
is_deeply([VMGetNamedSnapshot($vm, 'perl-snap')], [VIX_OK, $snap], 'by name = created');
ReleaseHandle($snap) for 1 .. 3;    # the three getters' references
is_deeply([VMGetRootSnapshot($vm, 1)], [VIX_E_INVALID_ARG, VIX_INVALID_HANDLE], 'root 1: 3');
is(VMPowerOn($vm, 0, VIX_INVALID_HANDLE), VIX_OK, 'on before the revert');
is(VMRevertToSnapshot($vm, $snap, 0, VIX_INVALID_HANDLE), VIX_OK, 'VMRevertToSnapshot');
is(power_state(), VIX_POWERSTATE_POWERED_OFF, 'off as when taken');
is(VMRemoveSnapshot($vm, $snap, 0), VIX_OK, 'VMRemoveSnapshot');
is_deeply([VMGetNumRootSnapshots($vm)], [VIX_OK, 0], 'no snapshot left');
is_deeply([VMGetNamedSnapshot($vm, 'perl-snap')], [VIX_E_SNAPSHOT_NOTFOUND, VIX_INVALID_HANDLE],
  'not found by name');
is(VMRevertToSnapshot($vm, $snap, 0, VIX_INVALID_HANDLE), VIX_E_SNAPSHOT_NOTFOUND,
  'a removed snapshot\'s handle: not found');
ReleaseHandle($snap);
# Snapshot calls on the host handle by mistake: an error, not a crash.
my ($herr) = VMGetNumRootSnapshots($host);
isnt($herr, VIX_OK, 'VMGetNumRootSnapshots on a host handle fails');
is(VMPowerOn($vm, 0, VIX_INVALID_HANDLE), VIX_OK, 'back on');

# Disconnect: the handles die with the host; releasing them afterwards is harmless.
ReleaseHandle($vm);
HostDisconnect($host);
is(GetHandleType($host), VIX_HANDLETYPE_NONE, 'host gone after HostDisconnect');
ReleaseHandle($host);
ReleaseHandle($vm);

done_testing();
