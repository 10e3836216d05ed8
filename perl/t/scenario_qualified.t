# SPDX-License-Identifier: Apache-2.0
# Fully qualified calls only, as Samba's selftest helper writes them (docs/perl.md#scenarios),
# against the simulator: nothing is imported (`use VMware::Vix::Simple ();`), every function and
# constant is called as VMware::Vix::Simple::NAME, and the low-level packages as
# VMware::Vix::API::VM::... with no `use` of their own. A snapshot's handle is released whether
# or not the call worked, the host handle after HostDisconnect.
use strict;
use warnings;
use Test::More;
use VMware::Vix::Simple ();

for my $name (qw(VIX_TEST_MODEL VIX_TEST_HOST VIX_TEST_USER VIX_TEST_PASSWORD VIX_TEST_WORK)) {
  BAIL_OUT("$name is not set") unless defined $ENV{$name};
}
my $vm_name = $ENV{VIX_TEST_MODEL} eq 'esx' ? 'ha-host_VM1' : 'DC0_C0_RP0_VM0';

ok(!defined(&main::HostConnect) && !defined(&main::VIX_OK), 'nothing imported');

my ($err, $host) = VMware::Vix::Simple::HostConnect(VMware::Vix::Simple::VIX_API_VERSION,
  VMware::Vix::Simple::VIX_SERVICEPROVIDER_VMWARE_VI_SERVER, $ENV{VIX_TEST_HOST}, 0,
  $ENV{VIX_TEST_USER}, $ENV{VIX_TEST_PASSWORD}, 0, VMware::Vix::Simple::VIX_INVALID_HANDLE);
is($err, VMware::Vix::Simple::VIX_OK, 'VMware::Vix::Simple::HostConnect');
my ($ferr, @paths) = VMware::Vix::Simple::FindItems($host,
  VMware::Vix::Simple::VIX_FIND_REGISTERED_VMS, 10);
is($ferr, 0, 'FindItems with timeout 10');
my ($vmx) = grep { m{/\Q$vm_name\E\.vmx$} } @paths;
ok($vmx, "found $vm_name") or BAIL_OUT("no $vm_name");
(my $oerr, my $vm) = VMware::Vix::Simple::VMOpen($host, $vmx);
is($oerr, 0, 'VMware::Vix::Simple::VMOpen');

# A snapshot; its handle released at once, as the helper does; a failed one released too.
my ($serr, $snapshot) = VMware::Vix::Simple::VMCreateSnapshot($vm, 'selftest', undef,
  VMware::Vix::Simple::VIX_SNAPSHOT_INCLUDE_MEMORY, VMware::Vix::Simple::VIX_INVALID_HANDLE);
VMware::Vix::Simple::ReleaseHandle($snapshot);
is($serr, 0, 'VMCreateSnapshot, handle released');
my ($bad, $none) = VMware::Vix::Simple::VMCreateSnapshot(0, 'x', undef, 0, 0);
VMware::Vix::Simple::ReleaseHandle($none);
is_deeply([$bad, $none], [VMware::Vix::Simple::VIX_E_INVALID_HANDLE(), 0],
  'a failed one: (1000, 0), released all the same');
is_deeply([VMware::Vix::API::VM::GetNumRootSnapshots($vm)], [0, 1],
  'VMware::Vix::API::VM::GetNumRootSnapshots: one');

# Guest work: fully qualified Simple calls, then the low-level job pattern.
is(VMware::Vix::Simple::VMWaitForToolsInGuest($vm, 60), 0, 'Tools');
is(VMware::Vix::Simple::VMLoginInGuest($vm, 'user', 'userpw', 0), 0, 'VMLoginInGuest');
my $file = "$ENV{VIX_TEST_WORK}/qualified.txt";
open(my $fh, '>', $file) or die "$file: $!";
print $fh "qualified\n";
close $fh;
is(VMware::Vix::Simple::VMCopyFileFromHostToGuest($vm, $file, '/home/user/q.txt', 0,
  VMware::Vix::Simple::VIX_INVALID_HANDLE), 0, 'VMCopyFileFromHostToGuest');
is(VMware::Vix::Simple::VMRunProgramInGuest($vm, '/bin/cp', '/home/user/q.txt /home/user/r.txt',
  0, 0), 0, 'VMRunProgramInGuest');
my $job = VMware::Vix::API::VM::RunProgramInGuest($vm, '/bin/grep', '-q qualified /home/user/r.txt',
  0, 0, undef, 0);
is_deeply([VMware::Vix::API::Job::Wait($job,
  VMware::Vix::Simple::VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_EXIT_CODE,
  VMware::Vix::Simple::VIX_PROPERTY_NONE)], [0, 0], 'VM::RunProgramInGuest: grep found it (exit 0)');
VMware::Vix::API::API::ReleaseHandle($job);
$job = VMware::Vix::API::VM::RunProgramInGuest($vm, '/bin/grep', '-q other /home/user/r.txt', 0, 0,
  undef, 0);
is_deeply([VMware::Vix::API::Job::Wait($job,
  VMware::Vix::Simple::VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_EXIT_CODE,
  VMware::Vix::Simple::VIX_PROPERTY_NONE)], [0, 1], 'grep did not find the other (exit 1)');
VMware::Vix::API::API::ReleaseHandle($job);

# Power off through the low-level layer, the state read back through the Simple one.
$job = VMware::Vix::API::VM::PowerOff($vm, 0, undef, 0);
is(VMware::Vix::API::Job::Wait($job, VMware::Vix::Simple::VIX_PROPERTY_NONE), 0,
  'VMware::Vix::API::VM::PowerOff');
VMware::Vix::API::API::ReleaseHandle($job);
is_deeply([VMware::Vix::Simple::GetProperties($vm,
  VMware::Vix::Simple::VIX_PROPERTY_VM_POWER_STATE)],
  [0, VMware::Vix::Simple::VIX_POWERSTATE_POWERED_OFF], 'off, read back');
is(VMware::Vix::Simple::VMPowerOff($vm, 0), VMware::Vix::Simple::VIX_E_VM_NOT_RUNNING,
  'VMPowerOff($vm, 0) again: 3006');

# Revert to the snapshot (taken while on, with its memory): on again, with Tools.
(my $gerr, $snapshot) = VMware::Vix::API::VM::GetNamedSnapshot($vm, 'selftest');
is(VMware::Vix::Simple::VMRevertToSnapshot($vm, $snapshot, 0, 0), 0, 'reverted');
VMware::Vix::Simple::ReleaseHandle($snapshot);
is_deeply([VMware::Vix::Simple::GetProperties($vm,
  VMware::Vix::Simple::VIX_PROPERTY_VM_POWER_STATE)],
  [0, VMware::Vix::Simple::VIX_POWERSTATE_POWERED_ON
    | VMware::Vix::Simple::VIX_POWERSTATE_TOOLS_RUNNING], 'on with Tools, as when taken');

VMware::Vix::Simple::ReleaseHandle($vm);
VMware::Vix::Simple::HostDisconnect($host);
VMware::Vix::Simple::ReleaseHandle($host);
is(VMware::Vix::Simple::GetHandleType($host), VMware::Vix::Simple::VIX_HANDLETYPE_NONE,
  'host released after HostDisconnect');

done_testing();
