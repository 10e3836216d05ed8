# SPDX-License-Identifier: Apache-2.0
# A CI VM pool written the way Wine's TestBot drives VMs (docs/perl.md#scenarios), against the
# simulator: cached host and VM handles compared with VIX_INVALID_HANDLE, the VM reverted to its
# named snapshot with the GUI flag, powered on, Tools waited for, an interactive login, a script
# copied in and run through the low-level RunScriptInGuest + Job::WaitTimeout pattern, its output
# copied out, a screenshot saved (binary-safe), the VM powered off, twice (3006 counts as done).
# Every step's result is read back: power states through the API, file contents, exit codes.
use strict;
use warnings;
use Test::More;
use VMware::Vix::Simple;
use VMware::Vix::API::Constants;

for my $name (qw(VIX_TEST_MODEL VIX_TEST_HOST VIX_TEST_USER VIX_TEST_PASSWORD VIX_TEST_WORK)) {
  BAIL_OUT("$name is not set") unless defined $ENV{$name};
}
my $work = $ENV{VIX_TEST_WORK};
my $vm_name = $ENV{VIX_TEST_MODEL} eq 'esx' ? 'ha-host_VM1' : 'DC0_H0_VM1';

# The pool's VM object: handles cached, reset to VIX_INVALID_HANDLE on an error.
package PoolVM;
use VMware::Vix::Simple;
use VMware::Vix::API::Constants;

my %hosts;    # host name => handle, shared by every VM of the pool

sub new { my ($class, %args) = @_; return bless { %args, vm => VIX_INVALID_HANDLE }, $class }

sub host {
  my ($self) = @_;
  my $host = $hosts{ $self->{host_name} } || VIX_INVALID_HANDLE;
  if ($host == VIX_INVALID_HANDLE) {
    my $err;
    ($err, $host) = HostConnect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER,
      $self->{host_name}, 0, $self->{user}, $self->{password}, 0, VIX_INVALID_HANDLE);
    return ($err, VIX_INVALID_HANDLE) if $err != VIX_OK;
    $hosts{ $self->{host_name} } = $host;
  }
  return (VIX_OK, $host);
}

sub vm {
  my ($self) = @_;
  return (VIX_OK, $self->{vm}) if $self->{vm} != VIX_INVALID_HANDLE;
  my ($err, $host) = $self->host;
  return ($err, VIX_INVALID_HANDLE) if $err != VIX_OK;
  ($err, $self->{vm}) = VMOpen($host, $self->{vmx});
  $self->{vm} = VIX_INVALID_HANDLE if $err != VIX_OK;
  return ($err, $self->{vm});
}

sub power_state {
  my ($self) = @_;
  my ($err, $vm) = $self->vm;
  return $err if $err != VIX_OK;
  ($err, my $state) = GetProperties($vm, VIX_PROPERTY_VM_POWER_STATE);
  return $err != VIX_OK ? $err : $state;
}

sub revert {
  my ($self) = @_;
  my ($err, $vm) = $self->vm;
  return $err if $err != VIX_OK;
  ($err, my $snapshot) = VMGetNamedSnapshot($vm, $self->{snapshot});
  return $err if $err != VIX_OK;
  $err = VMRevertToSnapshot($vm, $snapshot, VIX_VMPOWEROP_LAUNCH_GUI, VIX_INVALID_HANDLE);
  ReleaseHandle($snapshot);
  return $err;
}

sub power_off {
  my ($self) = @_;
  my ($err, $vm) = $self->vm;
  $err = VMPowerOff($vm, VIX_VMPOWEROP_NORMAL) if $err == VIX_OK;
  return $err == VIX_E_VM_NOT_RUNNING ? VIX_OK : $err;    # already off: done
}

# The low-level pattern: start the script, wait at most $timeout, release the job in any case.
sub run_script {
  my ($self, $interpreter, $script, $timeout) = @_;
  my ($err, $vm) = $self->vm;
  return ($err) if $err != VIX_OK;
  my $job = VMware::Vix::API::VM::RunScriptInGuest($vm, $interpreter, $script, 0,
    VIX_INVALID_HANDLE, undef, 0);
  my ($complete, $jerr, $time) = VMware::Vix::API::Job::WaitTimeout($job, $timeout);
  my ($werr, $code) = $complete
    ? VMware::Vix::API::Job::Wait($job, VIX_PROPERTY_JOB_RESULT_GUEST_PROGRAM_EXIT_CODE,
      VIX_PROPERTY_NONE)
    : ();
  VMware::Vix::API::API::ReleaseHandle($job);
  return ($complete ? $jerr : 'timeout', $code);
}

sub DESTROY {
  my ($self) = @_;
  ReleaseHandle($self->{vm}) if $self->{vm} != VIX_INVALID_HANDLE;
}

sub disconnect_all { HostDisconnect($_) for values %hosts; %hosts = () }

package main;

# The pool's configuration, and its VM's snapshot made once as the pool's administrator would.
my ($ferr, @paths) = do {
  my ($err, $host) = HostConnect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER,
    $ENV{VIX_TEST_HOST}, 0, $ENV{VIX_TEST_USER}, $ENV{VIX_TEST_PASSWORD}, 0, VIX_INVALID_HANDLE);
  my @found = FindItems($host, VIX_FIND_REGISTERED_VMS, -1);
  HostDisconnect($host);
  @found;
};
is($ferr, VIX_OK, 'the VMs listed');
my ($vmx) = grep { m{/\Q$vm_name\E\.vmx$} } @paths;
ok($vmx, "the pool's VM $vm_name") or BAIL_OUT("no $vm_name");
my $pool = PoolVM->new(host_name => $ENV{VIX_TEST_HOST}, user => $ENV{VIX_TEST_USER},
  password => $ENV{VIX_TEST_PASSWORD}, vmx => $vmx, snapshot => 'testbot-clean');
my ($verr, $vm) = $pool->vm;
is($verr, VIX_OK, 'VM opened and cached');
isnt($vm, VIX_INVALID_HANDLE, 'a handle');
is(($pool->vm)[1], $vm, 'the cached handle is used again');
is($pool->power_off, VIX_OK, 'powered off for the snapshot');
my ($serr, $snapshot) = VMCreateSnapshot($vm, 'testbot-clean', '', VIX_SNAPSHOT_INCLUDE_MEMORY,
  VIX_INVALID_HANDLE);
ReleaseHandle($snapshot);    # as the TestBot does, whether or not the call worked
is($serr, VIX_OK, 'the clean snapshot taken (description "")');

# Two jobs in a row, each from the clean state.
for my $round (1, 2) {
  is($pool->revert, VIX_OK, "round $round: reverted (GUI flag)");
  is($pool->power_state, VIX_POWERSTATE_POWERED_OFF, "round $round: exactly POWERED_OFF");
  is(VMPowerOn($vm, VIX_VMPOWEROP_LAUNCH_GUI, VIX_INVALID_HANDLE), VIX_OK, "round $round: on");
  is(VMWaitForToolsInGuest($vm, 60), VIX_OK, "round $round: Tools running");
  is($pool->power_state, VIX_POWERSTATE_POWERED_ON | VIX_POWERSTATE_TOOLS_RUNNING,
    "round $round: on with Tools");
  is(VMLoginInGuest($vm, 'user', 'userpw', VIX_LOGIN_IN_GUEST_REQUIRE_INTERACTIVE_ENVIRONMENT),
    VIX_OK, "round $round: interactive login");

  # The job: a script copied in, run with an argument, its report copied out.
  my $script = "$work/testbot-$round.sh";
  open(my $fh, '>', $script) or die "$script: $!";
  print $fh "printf 'round %s\\n' \"\$1\" > /home/user/report-$round.txt\nexit 1$round\n";
  close $fh;
  is(VMCopyFileFromHostToGuest($vm, $script, '/home/user/job.sh', 0, VIX_INVALID_HANDLE), VIX_OK,
    "round $round: script copied in");
  my ($rerr, $code) = $pool->run_script('/bin/sh', "sh /home/user/job.sh $round", 120);
  is_deeply([$rerr, $code], [VIX_OK, "1$round"], "round $round: run, exit code 1$round");
  my $report = "$work/testbot-report-$round.txt";
  is(VMCopyFileFromGuestToHost($vm, "/home/user/report-$round.txt", $report, 0,
    VIX_INVALID_HANDLE), VIX_OK, "round $round: report copied out");
  open($fh, '<', $report) or die "$report: $!";
  is(do { local $/; <$fh> }, "round $round\n", "round $round: the report's content");
  close $fh;

  # The screenshot, saved as a file and read back byte for byte.
  my ($cerr, $size, $bytes) = VMCaptureScreenImage($vm, VIX_CAPTURESCREENFORMAT_PNG,
    VIX_INVALID_HANDLE);
  is($cerr, VIX_OK, "round $round: screenshot");
  my $png = "$work/testbot-$round.png";
  open($fh, '>:raw', $png) or die "$png: $!";
  print $fh $bytes;
  close $fh;
  is(-s $png, $size, "round $round: the file has the size returned");
  open($fh, '<:raw', $png) or die "$png: $!";
  is(do { local $/; <$fh> }, $bytes, "round $round: the same bytes read back");
  close $fh;
  is(substr($bytes, 0, 8), "\x89PNG\r\n\x1a\n", "round $round: a PNG");

  is(VMLogoutFromGuest($vm), VIX_OK, "round $round: logout");
  is($pool->power_off, VIX_OK, "round $round: powered off");
  is($pool->power_state, VIX_POWERSTATE_POWERED_OFF, "round $round: off, read back");
  is(VMPowerOff($vm, VIX_VMPOWEROP_NORMAL), VIX_E_VM_NOT_RUNNING, "round $round: off again: 3006");
  is($pool->power_off, VIX_OK, "round $round: which the pool counts as done");
}

# A script that outlives its wait: WaitTimeout says not complete, the job is released anyway.
is(VMPowerOn($vm, 0, VIX_INVALID_HANDLE), VIX_OK, 'on for the timeout case');
is(VMLoginInGuest($vm, 'user', 'userpw', 0), VIX_OK, 'logged in');
is_deeply([$pool->run_script('/bin/sh', 'sleep 2', 0)], ['timeout', undef],
  'a zero wait: reported as a timeout');
is($pool->power_off, VIX_OK, 'off (after the script, which the library finishes on its own)');

# Clean up: the snapshot removed, the handles released, the host disconnected.
(my $gerr, $snapshot) = VMGetNamedSnapshot($vm, 'testbot-clean');
is(VMRemoveSnapshot($vm, $snapshot, 0), VIX_OK, 'the snapshot removed');
ReleaseHandle($snapshot);
my $host = (PoolVM->new(host_name => $ENV{VIX_TEST_HOST})->host)[1];
undef $pool;
is(GetHandleType($vm), VIX_HANDLETYPE_NONE, 'DESTROY released the VM');
PoolVM::disconnect_all();
is(GetHandleType($host), VIX_HANDLETYPE_NONE, 'the host disconnected');

done_testing();
