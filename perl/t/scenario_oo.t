# SPDX-License-Identifier: Apache-2.0
# An object-oriented wrapper as third-party modules write them over the function-style API
# (docs/perl.md#scenarios), against the simulator: handles kept in blessed scalar references,
# constants called with () as hash keys inside BEGIN, failures turned into croaks carrying
# GetErrorText, and every handle released in DESTROY: when an object goes out of scope, and
# during global destruction (in a child perl, where the order of the DESTROYs is Perl's choice).
use strict;
use warnings;
use Test::More;
use VMware::Vix::Simple;
use VMware::Vix::API::Constants;

for my $name (qw(VIX_TEST_MODEL VIX_TEST_HOST VIX_TEST_USER VIX_TEST_PASSWORD)) {
  BAIL_OUT("$name is not set") unless defined $ENV{$name};
}
my $vm_name = $ENV{VIX_TEST_MODEL} eq 'esx' ? 'ha-host_VM0' : 'DC0_H0_VM0';

# The wrapper, also run by the child perl below (so it is kept as text).
my $wrapper = <<'PERL';
package Wrapped::Host;
use VMware::Vix::Simple;
use VMware::Vix::API::Constants;
use Carp;

sub new {
  my ($class, %args) = @_;
  my ($err, $handle) = HostConnect(VIX_API_VERSION, VIX_SERVICEPROVIDER_VMWARE_VI_SERVER,
    $args{host}, 0, $args{user}, $args{password}, 0, VIX_INVALID_HANDLE);
  croak 'HostConnect: ' . GetErrorText($err) if $err != VIX_OK;
  return bless \$handle, $class;
}

sub vms {
  my ($self) = @_;
  my ($err, @paths) = FindItems($$self, VIX_FIND_REGISTERED_VMS, 0);
  croak 'FindItems: ' . GetErrorText($err) if $err != VIX_OK;
  return @paths;
}

sub DESTROY {
  my ($self) = @_;
  HostDisconnect($$self);
  ReleaseHandle($$self);
  print "host DESTROY: type ", GetHandleType($$self), "\n" if $main::TELL;
}

package Wrapped::VM;
use VMware::Vix::Simple;
use VMware::Vix::API::Constants;
use Carp;

our %STATE_NAMES;
BEGIN {
  %STATE_NAMES = (VIX_POWERSTATE_POWERED_OFF() => 'off', VIX_POWERSTATE_POWERED_ON() => 'on',
    VIX_POWERSTATE_SUSPENDED() => 'suspended', VIX_POWERSTATE_PAUSED() => 'paused',
    VIX_POWERSTATE_RESUMING() => 'resuming', VIX_POWERSTATE_TOOLS_RUNNING() => 'tools');
}

sub open {
  my ($class, $host, $path) = @_;
  my ($err, $handle) = VMOpen($$host, $path);
  croak 'VMOpen: ' . GetErrorText($err) if $err != VIX_OK;
  return bless \$handle, $class;
}

sub state {
  my ($self) = @_;
  my ($err, $state) = GetProperties($$self, VIX_PROPERTY_VM_POWER_STATE);
  croak 'GetProperties: ' . GetErrorText($err) if $err != VIX_OK;
  return join ' ', map { $STATE_NAMES{$_} } grep { $state & $_ } sort { $a <=> $b }
    keys %STATE_NAMES;
}

sub power_off {
  my ($self) = @_;
  my $err = VMPowerOff($$self, VIX_VMPOWEROP_NORMAL);
  croak 'VMPowerOff: ' . GetErrorText($err) if $err != VIX_OK;
}

sub guest_variable {
  my ($self, $name, $value) = @_;
  my $err = defined $value ? VMWriteVariable($$self, VIX_VM_GUEST_VARIABLE, $name, $value, 0)
    : VIX_OK;
  croak 'VMWriteVariable: ' . GetErrorText($err) if $err != VIX_OK;
  ($err, $value) = VMReadVariable($$self, VIX_VM_GUEST_VARIABLE, $name, 0);
  croak 'VMReadVariable: ' . GetErrorText($err) if $err != VIX_OK;
  return $value;
}

sub snapshot {
  my ($self) = @_;
  my ($err, $snapshot) = VMCreateSnapshot($$self, undef, undef, VIX_SNAPSHOT_INCLUDE_MEMORY,
    VIX_INVALID_HANDLE);
  croak 'VMCreateSnapshot: ' . GetErrorText($err) if $err != VIX_OK;
  ReleaseHandle($snapshot);
}

sub DESTROY {
  my ($self) = @_;
  ReleaseHandle($$self);
  print "vm DESTROY: type ", GetHandleType($$self), "\n" if $main::TELL;
}
1;
PERL
eval $wrapper or die $@;
our $TELL = 0;

my %login = (host => $ENV{VIX_TEST_HOST}, user => $ENV{VIX_TEST_USER},
  password => $ENV{VIX_TEST_PASSWORD});
ok(!eval { Wrapped::Host->new(%login, password => 'wrong'); 1 }, 'a wrong password croaks');
like($@, qr/^HostConnect: \Q${\ GetErrorText(VIX_E_AUTHENTICATION_FAIL)}\E at /,
  'with the library\'s text');

my $host = Wrapped::Host->new(%login);
isa_ok($host, 'Wrapped::Host');
like($$host, qr/^[1-9][0-9]*$/, 'a scalar reference to the integer handle');
my @paths = $host->vms;
is(scalar(@paths), $ENV{VIX_TEST_MODEL} eq 'esx' ? 2 : 4, 'the model\'s VMs');
my ($vmx) = grep { m{/\Q$vm_name\E\.vmx$} } @paths;
ok($vmx, "found $vm_name") or BAIL_OUT("no $vm_name");
my $missing = $vmx =~ s/\Q$vm_name\E/none/gr;
my ($open_err) = VMOpen($$host, $missing);
ok(!eval { Wrapped::VM->open($host, $missing); 1 }, 'a missing VM croaks');
like($@, qr/^VMOpen: \Q${\ GetErrorText($open_err)}\E at /, "with the text of $open_err");

my $vm = Wrapped::VM->open($host, $vmx);
is($vm->state, 'on tools', 'state: on tools');
is($vm->guest_variable('ip', '10.0.0.7'), '10.0.0.7', 'a guest variable written and read back');
$vm->snapshot;
is_deeply([VMGetNumRootSnapshots($$vm)], [VIX_OK, 1], 'a snapshot with undef name, description');
$vm->power_off;
is($vm->state, 'off', 'state: off');
ok(!eval { $vm->power_off; 1 }, 'off again croaks');
like($@, qr/^VMPowerOff: \Q${\ GetErrorText(VIX_E_VM_NOT_RUNNING)}\E at /, 'with the 3006 text');

# Out of scope: DESTROY releases the VM, then disconnects the host.
my $vm_handle = $$vm;
undef $vm;
is(GetHandleType($vm_handle), VIX_HANDLETYPE_NONE, 'the VM\'s DESTROY released its handle');
my $host_handle = $$host;
undef $host;
is(GetHandleType($host_handle), VIX_HANDLETYPE_NONE, 'the host\'s DESTROY disconnected it');
is(scalar(my @nothing = (HostDisconnect($host_handle), ReleaseHandle($host_handle))), 0,
  'disconnecting and releasing it again: nothing, no crash');

# Kept in globals until global destruction, in a child perl: whichever DESTROY runs first, the
# other's calls are harmless and the process exits 0.
my $script = <<"PERL";
$wrapper
package main;
our \$TELL = 1;
our \$host = Wrapped::Host->new(host => \$ENV{VIX_TEST_HOST}, user => \$ENV{VIX_TEST_USER},
  password => \$ENV{VIX_TEST_PASSWORD});
our \$vm = Wrapped::VM->open(\$host, \$ARGV[0]);
print "state ", \$vm->state, "\\n";
PERL
my @child_inc = map { "-I$_" } grep { !ref } @INC;
open(my $out, '-|', $^X, @child_inc, '-e', $script, $vmx) or die "perl: $!";
my @said = <$out>;
close($out);
is($?, 0, 'DESTROYs at global destruction: the process exits 0');
is_deeply([sort @said], ["host DESTROY: type 0\n", "state off\n", "vm DESTROY: type 0\n"],
  'both DESTROYs ran during global destruction, each handle gone afterwards');

done_testing();
