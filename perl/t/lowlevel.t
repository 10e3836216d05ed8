# SPDX-License-Identifier: Apache-2.0
# The low-level packages VMware::Vix::API::{API,Host,VM,Job,Snapshot,PropertyList} against the
# simulator (run by t/run_tests.sh with a fresh simulator per model): every C function of vix.h
# has its low-level name, and the job-returning calls work with Job::Wait and friends, results
# read back exactly. Only VMware::Vix::Simple is loaded, as consumers do.
use strict;
use warnings;
use Test::More;
use VMware::Vix::Simple;
use VMware::Vix::API::Constants;

for my $name (qw(VIX_TEST_MODEL VIX_TEST_HOST VIX_TEST_USER VIX_TEST_PASSWORD VIX_TEST_HEADER)) {
  BAIL_OUT("$name is not set") unless defined $ENV{$name};
}
my $vm_name = $ENV{VIX_TEST_MODEL} eq 'esx' ? 'ha-host_VM0' : 'DC0_H0_VM0';

# Every function of the header under its low-level name (prefix => package), read from vix.h
# here, independently of perl/api.table. Vix_PumpEvents is left out: the event pump was removed
# in VIX 1.11 and nothing calls it from Perl.
my %package = (Vix => 'API', VixHost => 'Host', VixVM => 'VM', VixJob => 'Job',
  VixSnapshot => 'Snapshot', VixPropertyList => 'PropertyList');
open(my $fh, '<', $ENV{VIX_TEST_HEADER}) or BAIL_OUT("$ENV{VIX_TEST_HEADER}: $!");
my @functions;
while (my $line = <$fh>) {
  push @functions, "$package{$1}::$2" if $line =~ /^\w[\w\s\*]*?\b(Vix\w*)_(\w+)\(/;
}
close $fh;
@functions = grep { $_ ne 'API::PumpEvents' } @functions;
is(scalar(@functions), 72, '72 C functions besides Vix_PumpEvents');
my @missing = grep { !defined(&{"VMware::Vix::API::$_"}) } @functions, 'Job::WaitTimeout';
is_deeply(\@missing, [], 'each has its low-level function');
is_deeply([sort map { s/^VMware::Vix::API:://r } VMware::Vix::Simple::_lowlevel()],
  [sort @functions, 'Job::WaitTimeout'], 'and there are no others');
is_deeply([grep { !eval "require VMware::Vix::API::$_; 1" } sort values %package], [],
  'the six packages load as modules too');

# Host: connect through a job, the host handle read with Job::Wait.
my $job = VMware::Vix::API::Host::Connect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER,
  $ENV{VIX_TEST_HOST}, 0, $ENV{VIX_TEST_USER}, $ENV{VIX_TEST_PASSWORD}, 0, VIX_INVALID_HANDLE,
  undef, 0);
is(VMware::Vix::API::API::GetHandleType($job), VIX_HANDLETYPE_JOB, 'Host::Connect: a job');
my ($err, $host) = VMware::Vix::API::Job::Wait($job, VIX_PROPERTY_JOB_RESULT_HANDLE,
  VIX_PROPERTY_NONE);
is($err, VIX_OK, 'Job::Wait: connected');
is(GetHandleType($host), VIX_HANDLETYPE_HOST, 'the result handle is the host');
VMware::Vix::API::API::ReleaseHandle($job);

my ($ferr, @paths) = VMware::Vix::API::Host::FindItems($host, VIX_FIND_REGISTERED_VMS,
  VIX_INVALID_HANDLE, -1, undef, 0);
is($ferr, VIX_OK, 'Host::FindItems waits and returns the paths');
my ($simple_err, @simple_paths) = FindItems($host, VIX_FIND_REGISTERED_VMS, -1);
is_deeply([sort @paths], [sort @simple_paths], 'the same paths as the Simple FindItems');

# VM: open each path through a job until the wanted VM.
my ($vm, $vmx);
for my $path (@paths) {
  my $open = VMware::Vix::API::VM::Open($host, $path, undef, 0);
  my ($oerr, $h) = VMware::Vix::API::Job::Wait($open, VIX_PROPERTY_JOB_RESULT_HANDLE,
    VIX_PROPERTY_NONE);
  VMware::Vix::API::API::ReleaseHandle($open);
  is($oerr, VIX_OK, "VM::Open $path");
  my $read = VMware::Vix::API::VM::ReadVariable($h, VIX_VM_CONFIG_RUNTIME_ONLY, 'displayName', 0,
    undef, 0);
  my ($rerr, $name) = VMware::Vix::API::Job::Wait($read,
    VIX_PROPERTY_JOB_RESULT_VM_VARIABLE_STRING, VIX_PROPERTY_NONE);
  VMware::Vix::API::API::ReleaseHandle($read);
  if ($rerr == VIX_OK && $name eq $vm_name) {
    ($vm, $vmx) = ($h, $path);
  } else {
    ReleaseHandle($h);
  }
}
ok($vm, "found $vm_name") or BAIL_OUT("no $vm_name");
is_deeply([VMware::Vix::API::API::GetPropertyType($vm, VIX_PROPERTY_VM_POWER_STATE)],
  [VIX_OK, VIX_PROPERTYTYPE_INTEGER], 'API::GetPropertyType');
is_deeply([VMware::Vix::API::API::GetPropertyType($vm, 4202)],
  [VIX_E_UNRECOGNIZED_PROPERTY, VIX_PROPERTYTYPE_ANY], 'API::GetPropertyType of a private id');
is_deeply([VMware::Vix::API::API::GetProperties($vm, VIX_PROPERTY_VM_VMX_PATHNAME)],
  [VIX_OK, $vmx], 'API::GetProperties');
is(VMware::Vix::API::API::GetErrorText(VIX_E_VM_NOT_RUNNING),
  'The virtual machine needs to be powered on', 'API::GetErrorText');
is(scalar(my @none = VMware::Vix::API::API::FreeBuffer(0)), 0, 'API::FreeBuffer does nothing');

# A job waited for with ids, with none, with WaitTimeout; the state read back after each.
sub power_state { (GetProperties($vm, VIX_PROPERTY_VM_POWER_STATE))[1] }
$job = VMware::Vix::API::VM::PowerOff($vm, VIX_VMPOWEROP_NORMAL, undef, 0);
is(VMware::Vix::API::Job::Wait($job, VIX_PROPERTY_NONE), VIX_OK, 'VM::PowerOff waited');
VMware::Vix::API::API::ReleaseHandle($job);
is(power_state(), VIX_POWERSTATE_POWERED_OFF, 'off');
$job = VMware::Vix::API::VM::PowerOff($vm, VIX_VMPOWEROP_NORMAL, undef, 0);
is(VMware::Vix::API::Job::Wait($job, VIX_PROPERTY_NONE), VIX_E_VM_NOT_RUNNING, 'off again: 3006');
is(VMware::Vix::API::Job::GetError($job), VIX_E_VM_NOT_RUNNING, 'Job::GetError');
VMware::Vix::API::API::ReleaseHandle($job);
$job = VMware::Vix::API::VM::PowerOn($vm, VIX_VMPOWEROP_LAUNCH_GUI, VIX_INVALID_HANDLE, undef, 0);
my ($complete, $werr, $elapsed) = VMware::Vix::API::Job::WaitTimeout($job, 600);
is_deeply([$complete, $werr], [1, VIX_OK], 'VM::PowerOn and WaitTimeout: complete, VIX_OK');
VMware::Vix::API::API::ReleaseHandle($job);
is(power_state(), VIX_POWERSTATE_POWERED_ON | VIX_POWERSTATE_TOOLS_RUNNING, 'on with Tools');

# Guest: a program's exit code through Job::Wait's ids; a directory's records through
# GetNumProperties/GetNthProperties.
$job = VMware::Vix::API::VM::WaitForToolsInGuest($vm, 60, undef, 0);
is(VMware::Vix::API::Job::Wait($job, VIX_PROPERTY_NONE), VIX_OK, 'VM::WaitForToolsInGuest');
VMware::Vix::API::API::ReleaseHandle($job);
$job = VMware::Vix::API::VM::LoginInGuest($vm, 'user', 'userpw', 0, undef, 0);
is(VMware::Vix::API::Job::Wait($job, VIX_PROPERTY_NONE), VIX_OK, 'VM::LoginInGuest');
VMware::Vix::API::API::ReleaseHandle($job);
$job = VMware::Vix::API::VM::RunProgramInGuest($vm, '/bin/sh', "-c 'exit 5'", 0,
  VIX_INVALID_HANDLE, undef, 0);
is_deeply([VMware::Vix::API::Job::Wait($job, VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_EXIT_CODE,
  VIX_PROPERTY_NONE)], [VIX_OK, 5], 'VM::RunProgramInGuest: exit code 5');
VMware::Vix::API::API::ReleaseHandle($job);
$job = VMware::Vix::API::VM::RunScriptInGuest($vm, '/bin/sh',
  'mkdir /home/user/ll && printf abc > /home/user/ll/a && printf hello > /home/user/ll/b', 0,
  VIX_INVALID_HANDLE, undef, 0);
is(VMware::Vix::API::Job::Wait($job, VIX_PROPERTY_NONE), VIX_OK, 'VM::RunScriptInGuest');
VMware::Vix::API::API::ReleaseHandle($job);
$job = VMware::Vix::API::VM::ListDirectoryInGuest($vm, '/home/user/ll', 0, undef, 0);
is(VMware::Vix::API::Job::Wait($job, VIX_PROPERTY_NONE), VIX_OK, 'VM::ListDirectoryInGuest');
my $n = VMware::Vix::API::Job::GetNumProperties($job, VIX_PROPERTY_JOB_RESULT_ITEM_NAME);
is($n, 2, 'Job::GetNumProperties: two entries');
my @records = map {
  [VMware::Vix::API::Job::GetNthProperties($job, $_, VIX_PROPERTY_JOB_RESULT_ITEM_NAME,
    VIX_PROPERTY_JOB_RESULT_FILE_SIZE, VIX_PROPERTY_NONE)]
} 0 .. $n - 1;
is_deeply([sort { $a->[1] cmp $b->[1] } @records], [[VIX_OK, 'a', 3], [VIX_OK, 'b', 5]],
  'Job::GetNthProperties: names and sizes');
is_deeply([VMware::Vix::API::Job::GetNthProperties($job, 2, VIX_PROPERTY_JOB_RESULT_ITEM_NAME)],
  [VIX_E_INVALID_ARG, undef], 'a record past the end: (3, undef)');
VMware::Vix::API::API::ReleaseHandle($job);

# Snapshots: created through a job, read through the synchronous getters.
is_deeply([VMware::Vix::API::VM::GetNumRootSnapshots($vm)], [VIX_OK, 0], 'VM::GetNumRootSnapshots');
$job = VMware::Vix::API::VM::CreateSnapshot($vm, 'low', undef, 0, VIX_INVALID_HANDLE, undef, 0);
my ($serr, $snap) = VMware::Vix::API::Job::Wait($job, VIX_PROPERTY_JOB_RESULT_HANDLE,
  VIX_PROPERTY_NONE);
VMware::Vix::API::API::ReleaseHandle($job);
is($serr, VIX_OK, 'VM::CreateSnapshot');
is_deeply([VMware::Vix::API::VM::GetCurrentSnapshot($vm)], [VIX_OK, $snap],
  'VM::GetCurrentSnapshot: the same handle');
is_deeply([VMware::Vix::API::VM::GetRootSnapshot($vm, 0)], [VIX_OK, $snap], 'VM::GetRootSnapshot');
is_deeply([VMware::Vix::API::VM::GetNamedSnapshot($vm, 'low')], [VIX_OK, $snap],
  'VM::GetNamedSnapshot');
is_deeply([VMware::Vix::API::Snapshot::GetNumChildren($snap)], [VIX_OK, 0],
  'Snapshot::GetNumChildren');
is_deeply([VMware::Vix::API::Snapshot::GetParent($snap)], [VIX_OK, VIX_INVALID_HANDLE],
  'Snapshot::GetParent of a root');
is_deeply([VMware::Vix::API::Snapshot::GetChild($snap, 0)], [VIX_E_INVALID_ARG,
  VIX_INVALID_HANDLE], 'Snapshot::GetChild of none: (3, 0)');
ReleaseHandle($snap) for 1 .. 3;    # the getters' references
$job = VMware::Vix::API::VM::RemoveSnapshot($vm, $snap, 0, undef, 0);
is(VMware::Vix::API::Job::Wait($job, VIX_PROPERTY_NONE), VIX_OK, 'VM::RemoveSnapshot');
VMware::Vix::API::API::ReleaseHandle($job);
ReleaseHandle($snap);
is_deeply([VMware::Vix::API::VM::GetNumRootSnapshots($vm)], [VIX_OK, 0], 'none left');

# Property lists and reference counts.
my ($perr, $list) = VMware::Vix::API::PropertyList::AllocPropertyList($host,
  VIX_PROPERTY_VM_ENCRYPTION_PASSWORD, 'pw', VIX_PROPERTY_NONE);
is_deeply([$perr, GetHandleType($list)], [VIX_OK, VIX_HANDLETYPE_PROPERTY_LIST],
  'PropertyList::AllocPropertyList');
VMware::Vix::API::API::AddRefHandle($list);
VMware::Vix::API::API::ReleaseHandle($list);
is(GetHandleType($list), VIX_HANDLETYPE_PROPERTY_LIST, 'API::AddRefHandle kept it alive');
VMware::Vix::API::API::ReleaseHandle($list);
is(GetHandleType($list), VIX_HANDLETYPE_NONE, 'the last reference released');

# A Perl callback is refused by every job-returning call, before any job is made.
ok(!eval { VMware::Vix::API::VM::PowerOff($vm, 0, sub { }, 0); 1 }, 'a callback dies');
like($@, qr/^VMware::Vix::API::VM::PowerOff: callbackProc must be undef/, 'with a message');
is(power_state(), VIX_POWERSTATE_POWERED_ON | VIX_POWERSTATE_TOOLS_RUNNING, 'and nothing ran');
ok(!eval { VMware::Vix::API::Host::FindItems($host, VIX_FIND_RUNNING_VMS, 0, -1, sub { }, 0); 1 },
  'Host::FindItems refuses one too');

# Disconnect through the low-level name.
ReleaseHandle($vm);
is(scalar(my @nothing = VMware::Vix::API::Host::Disconnect($host)), 0, 'Host::Disconnect');
is(GetHandleType($host), VIX_HANDLETYPE_NONE, 'the host is gone');

done_testing();
