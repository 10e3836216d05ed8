# SPDX-License-Identifier: Apache-2.0
# A provisioning module written the way Apache VCL's VMware VIX module is (docs/perl.md#scenarios),
# against the simulator: constants turned into hash keys through eval at load time, connection
# URLs tried in turn, RegisterVM($host, '') as a licence probe, results taken in list context
# (`my ($error) = ...`) and tested for truth, GetProperties' value count checked against the ids
# asked for, the power state decoded bit by bit, a second power-off (3006) counted as success,
# the handle released before every re-open, unregister and register, HostDisconnect in DESTROY.
use strict;
use warnings;
use Test::More;
use VMware::Vix::Simple;
use VMware::Vix::API::Constants;

for my $name (qw(VIX_TEST_MODEL VIX_TEST_HOST VIX_TEST_USER VIX_TEST_PASSWORD)) {
  BAIL_OUT("$name is not set") unless defined $ENV{$name};
}
my $vm_name = $ENV{VIX_TEST_MODEL} eq 'esx' ? 'ha-host_VM0' : 'DC0_H0_VM0';

# As the module does at file scope: eval() forces each constant's number as the hash key.
my %POWER_STATE_NAMES = (
  eval(VIX_POWERSTATE_POWERING_OFF) => 'powering off', eval(VIX_POWERSTATE_POWERED_OFF) => 'off',
  eval(VIX_POWERSTATE_POWERING_ON) => 'powering on', eval(VIX_POWERSTATE_POWERED_ON) => 'on',
  eval(VIX_POWERSTATE_SUSPENDING) => 'suspending', eval(VIX_POWERSTATE_SUSPENDED) => 'suspended',
  eval(VIX_POWERSTATE_TOOLS_RUNNING) => 'tools running',
  eval(VIX_POWERSTATE_RESETTING) => 'resetting',
  eval(VIX_POWERSTATE_BLOCKED_ON_MSG) => 'blocked on a message',
);
my %PROPERTY_NAMES = (
  eval(VIX_PROPERTY_VM_NUM_VCPUS) => 'num_vcpus', eval(VIX_PROPERTY_VM_VMX_PATHNAME) => 'vmx',
  eval(VIX_PROPERTY_VM_VMTEAM_PATHNAME) => 'team', eval(VIX_PROPERTY_VM_MEMORY_SIZE) => 'memory',
  eval(VIX_PROPERTY_VM_READ_ONLY) => 'read_only', eval(VIX_PROPERTY_VM_IN_VMTEAM) => 'in_team',
  eval(VIX_PROPERTY_VM_POWER_STATE) => 'power_state',
  eval(VIX_PROPERTY_VM_TOOLS_STATE) => 'tools_state',
  eval(VIX_PROPERTY_VM_IS_RUNNING) => 'is_running',
  eval(VIX_PROPERTY_VM_SUPPORTED_FEATURES) => 'features',
  eval(VIX_PROPERTY_VM_IS_RECORDING) => 'is_recording',
  eval(VIX_PROPERTY_VM_IS_REPLAYING) => 'is_replaying',
);
is(scalar(keys %POWER_STATE_NAMES), 9, 'nine power-state keys');
is(scalar(keys %PROPERTY_NAMES), 12, 'twelve property keys');
ok(exists $POWER_STATE_NAMES{8}, 'the keys are the numbers (POWERED_ON = 8)');

package Provisioner;
use VMware::Vix::Simple;
use VMware::Vix::API::Constants;

sub new { my ($class) = @_; return bless { host => VIX_INVALID_HANDLE, tried => [] }, $class }

# The module's connect: each URL in turn until one works; the errors kept.
sub connect {
  my ($self, @urls) = @_;
  for my $url (@urls) {
    my ($error, $host) = HostConnect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER,
      $url->[0], $url->[1], $ENV{VIX_TEST_USER}, $ENV{VIX_TEST_PASSWORD}, 0, VIX_INVALID_HANDLE);
    push @{ $self->{tried} }, $error;
    if (!$error) {
      $self->{host} = $host;
      return 1;
    }
  }
  return 0;
}

sub power_state_names {
  my ($self, $vm) = @_;
  my ($error, $state) = GetProperties($vm, VIX_PROPERTY_VM_POWER_STATE);
  return "error $error" if $error;
  return join ', ', map { $POWER_STATE_NAMES{$_} } grep { $state & $_ } sort { $a <=> $b }
    keys %POWER_STATE_NAMES;
}

# Power off; a VM that is already off is a success too.
sub power_off {
  my ($self, $vm) = @_;
  my ($error) = VMPowerOff($vm, VIX_VMPOWEROP_NORMAL);
  return !$error || $error == VIX_E_VM_NOT_RUNNING;
}

sub DESTROY {
  my ($self) = @_;
  HostDisconnect($self->{host}) if $self->{host} != VIX_INVALID_HANDLE;
}

package main;

my $p = Provisioner->new;
ok($p->connect(['https://127.0.0.1:1/sdk', 8333], [$ENV{VIX_TEST_HOST}, 8333]),
  'connected to one of the URLs');
is_deeply($p->{tried}, [VIX_E_CANNOT_CONNECT_TO_HOST, VIX_OK],
  'the first refused (18000), the second worked (port 8333 ignored)');
my $host = $p->{host};

my ($license) = RegisterVM($host, '');
is($license, VIX_E_VM_NOT_FOUND, 'licence probe: 4000, not VIX_E_LICENSE (not restricted)');

my ($error, @running) = FindItems($host, VIX_FIND_RUNNING_VMS, 15);
ok(!$error, 'running VMs listed (timeout 15)');
my ($vmx) = grep { m{/\Q$vm_name\E\.vmx$} } @running;
ok($vmx, "$vm_name is running") or BAIL_OUT("no $vm_name");

($error, my $vm) = HostOpenVM($host, $vmx, VIX_VMOPEN_NORMAL, VIX_INVALID_HANDLE);
ok(!$error, 'HostOpenVM');
my @ids = sort { $a <=> $b } keys %PROPERTY_NAMES;
($error, my @values) = GetProperties($vm, @ids);
ok(!$error, 'GetProperties of twelve ids');
is(scalar(@values), scalar(@ids), 'one value per id');
my %info = map { $PROPERTY_NAMES{ $ids[$_] } => $values[$_] } 0 .. $#ids;
is_deeply([@info{qw(vmx power_state read_only in_team is_recording is_replaying)}],
  [$vmx, VIX_POWERSTATE_POWERED_ON | VIX_POWERSTATE_TOOLS_RUNNING, 0, 0, 0, 0],
  'path, power state, the flags');
is($p->power_state_names($vm), 'on, tools running', 'decoded bit by bit: on, tools running');

my $successes = 0;
$successes++ if $p->power_off($vm);
is($p->power_state_names($vm), 'off', 'off');
$successes++ if $p->power_off($vm);
is($successes, 2, 'powering off twice: two successes');
my @again = VMPowerOff($vm, VIX_VMPOWEROP_NORMAL);
is_deeply(\@again, [VIX_E_VM_NOT_RUNNING], 'the second one was 3006, alone in the list');

# Released before re-opening, as the module does each time.
ReleaseHandle($vm);
($error, $vm) = HostOpenVM($host, $vmx, VIX_VMOPEN_NORMAL, VIX_INVALID_HANDLE);
ok(!$error, 're-opened');
is($p->power_state_names($vm), 'off', 'still off');
ReleaseHandle($vm);

($error) = UnregisterVM($host, $vmx);
ok(!$error, 'UnregisterVM');
($error, my @registered) = FindItems($host, VIX_FIND_REGISTERED_VMS, 15);
is_deeply([$error, scalar(grep { $_ eq $vmx } @registered)], [VIX_OK, 0], 'no longer registered');
($error) = RegisterVM($host, $vmx);
ok(!$error, 'RegisterVM');
($error, @registered) = FindItems($host, VIX_FIND_REGISTERED_VMS, 15);
is_deeply([$error, scalar(grep { $_ eq $vmx } @registered)], [VIX_OK, 1], 'registered again');

($error, $vm) = HostOpenVM($host, $vmx, VIX_VMOPEN_NORMAL, VIX_INVALID_HANDLE);
ok(!$error, 'opened after registering');
($error) = VMPowerOn($vm, VIX_VMPOWEROP_NORMAL, VIX_INVALID_HANDLE);
ok(!$error, 'VMPowerOn');
is(VMWaitForToolsInGuest($vm, 60), VIX_OK, 'Tools running');
is($p->power_state_names($vm), 'on, tools running', 'on again, read back');
ReleaseHandle($vm);

undef $p;
is(GetHandleType($host), VIX_HANDLETYPE_NONE, 'DESTROY disconnected the host');

done_testing();
