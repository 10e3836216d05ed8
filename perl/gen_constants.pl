#!/usr/bin/perl
# SPDX-License-Identifier: Apache-2.0
# Writes VMware/Vix/API/Constants.pm from the project's vix.h: every integer VIX_* enumerator
# becomes a constant sub, exported by default (docs/perl.md#constants). Usage: gen_constants.pl VIX_H OUT
use strict;
use warnings;

my ($header, $out) = @ARGV;
die "usage: $0 vix.h Constants.pm\n" unless defined $out;
open(my $in, '<', $header) or die "$header: $!\n";
my $text = do { local $/; <$in> };
close $in;
$text =~ s{/\*.*?\*/}{}gs;    # comments hold names of retired constants: not definitions
my (@names, %value);
while ($text =~ /\b(VIX_[A-Z0-9_]+)\s*=\s*(-?(?:0[xX][0-9A-Fa-f]+|\d+))\s*[,}\n]/g) {
  my ($name, $v) = ($1, $2);
  die "$header: $name defined twice\n" if exists $value{$name};
  $value{$name} = $v =~ /^(-?)0[xX](.*)$/ ? ($1 eq '-' ? -hex($2) : hex($2)) : $v + 0;
  push @names, $name;
}
die "$header: no VIX_ constants found\n" unless @names;

my $body = join '', map { "  $_ => $value{$_},\n" } @names;
my $list = join '', map { "  $_\n" } @names;
my $count = scalar @names;
# The manual's lines are written "\=head1" here (the heredoc turns them into "=head1"), so that
# POD tools do not read them as this script's own documentation.
my $pm = <<"PM";
# Generated from include/vmware-vix/vix.h by perl/gen_constants.pl: do not edit.
package VMware::Vix::API::Constants;
use strict;
use warnings;
use Exporter 'import';

use constant {
$body};

our \@EXPORT = qw(
$list);
our \@EXPORT_OK = \@EXPORT;

1;

__END__

\=head1 NAME

VMware::Vix::API::Constants - every integer VIX_* constant of the VIX C API's vix.h

\=head1 SYNOPSIS

  use VMware::Vix::API::Constants;
  print VIX_E_VM_NOT_RUNNING, "\\n";    # 3006

\=head1 DESCRIPTION

One constant sub (a plain integer) for each of the $count integer C<VIX_*> enumerators of the
header this module was generated from, all exported by default. L<VMware::Vix::Simple> imports
them too. The project's F<docs/perl.md> tells how the module is made.

\=cut
PM
my $tmp = "$out.tmp";
open(my $fh, '>', $tmp) or die "$tmp: $!\n";
print $fh $pm;
close($fh) or die "$tmp: $!\n";
rename($tmp, $out) or die "$out: $!\n";
