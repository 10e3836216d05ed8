# SPDX-License-Identifier: Apache-2.0
# VMware::Vix::Simple without a server: error texts, handles, return shapes, failed connections
# and a wait abandoned by alarm.
use strict;
use warnings;
use Test::More;
use IO::Socket::INET;
use Time::HiRes qw(time);
use VMware::Vix::Simple;
use VMware::Vix::API::Constants;

is(GetErrorText(VIX_OK), 'The operation was successful', 'text of VIX_OK');
is(GetErrorText(VIX_E_INVALID_HANDLE), 'The handle is not a valid VIX object.', 'text of 1000');
is(GetErrorText(VIX_E_VM_NOT_RUNNING), 'The virtual machine needs to be powered on',
  'text of 3006');
is(GetErrorText(VIX_E_FAIL), 'Unknown error', 'text of VIX_E_FAIL');

# Handles: plain integers; dead ones give VIX_HANDLETYPE_NONE; releasing 0, undef or an unknown
# handle does nothing and returns nothing.
is(GetHandleType(12345), VIX_HANDLETYPE_NONE, 'unknown handle: NONE');
is(GetHandleType(undef), VIX_HANDLETYPE_NONE, 'undef handle: NONE');
my @nothing = (ReleaseHandle(0), ReleaseHandle(undef), ReleaseHandle(12345), HostDisconnect(0),
  HostDisconnect(undef), HostDisconnect(12345));
is(scalar(@nothing), 0, 'ReleaseHandle and HostDisconnect return nothing');

# Functions on an invalid handle return the C library's error, never die.
my @r = VMOpen(0, '[ds] x/x.vmx');
is_deeply(\@r, [VIX_E_INVALID_HANDLE, VIX_INVALID_HANDLE], 'VMOpen on no host: (1000, 0)');
is(scalar(VMOpen(0, 'x')), VIX_E_INVALID_HANDLE, 'scalar context gives the error alone');
my ($err) = VMPowerOff(0, 0);
is($err, VIX_E_INVALID_HANDLE, 'VMPowerOff(0): 1000');
is_deeply([FindItems(0, VIX_FIND_RUNNING_VMS, -1)], [VIX_E_INVALID_HANDLE], 'FindItems error alone');
is_deeply([GetProperties(0, VIX_PROPERTY_VM_POWER_STATE, VIX_PROPERTY_VM_VMX_PATHNAME)],
  [VIX_E_INVALID_HANDLE, undef, undef], 'GetProperties error: one undef per id');
is_deeply([VMReadVariable(0, VIX_VM_GUEST_VARIABLE, 'ip', 0)], [VIX_E_INVALID_HANDLE, undef],
  'VMReadVariable error: (1000, undef)');
is_deeply([VMGetNumRootSnapshots(0)], [VIX_E_INVALID_HANDLE, 0], 'VMGetNumRootSnapshots(0)');
is_deeply([VMGetCurrentSnapshot(0)], [VIX_E_INVALID_HANDLE, VIX_INVALID_HANDLE],
  'VMGetCurrentSnapshot(0)');
is_deeply([VMListProcessesInGuest(0)], [VIX_E_INVALID_HANDLE], 'VMListProcessesInGuest(0)');
is_deeply([VMCaptureScreenImage(0, VIX_CAPTURESCREENFORMAT_PNG, VIX_INVALID_HANDLE)],
  [VIX_E_INVALID_HANDLE, 0, undef], 'VMCaptureScreenImage(0)');

# A closed port: VIX_E_CANNOT_CONNECT_TO_HOST and VIX_INVALID_HANDLE.
my $closed = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1', LocalPort => 0)
  or die "listen: $!";
my $closed_port = $closed->sockport;
close $closed;
my ($cerr, $host) = HostConnect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER,
  "https://127.0.0.1:$closed_port/sdk", 0, 'u', 'p', 0, VIX_INVALID_HANDLE);
is($cerr, VIX_E_CANNOT_CONNECT_TO_HOST, 'closed port: 18000');
is($host, VIX_INVALID_HANDLE, 'closed port: handle 0');

# A server that accepts and never answers: alarm + die abandons the wait within a second or so,
# and the binding keeps working afterwards.
my $silent = IO::Socket::INET->new(Listen => 5, LocalAddr => '127.0.0.1', LocalPort => 0)
  or die "listen: $!";
my $port = $silent->sockport;
my $start = time;
my $ok = eval {
  local $SIG{ALRM} = sub { die "alarm\n" };
  alarm 1;
  HostConnect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER, "https://127.0.0.1:$port/sdk",
    0, 'u', 'p', 0, VIX_INVALID_HANDLE);
  alarm 0;
  1;
};
alarm 0;
my $elapsed = time - $start;
ok(!$ok, 'the hung connect did not return');
is($@, "alarm\n", 'the alarm handler\'s die came through');
cmp_ok($elapsed, '<', 3, "abandoned after ${elapsed}s");
close $silent;    # the pending connection is reset: the abandoned job ends on its own
is(GetErrorText(VIX_E_INVALID_HANDLE), 'The handle is not a valid VIX object.',
  'still usable after the die');
is(scalar(VMOpen(0, 'x')), VIX_E_INVALID_HANDLE, 'waits still work after the die');

done_testing();
