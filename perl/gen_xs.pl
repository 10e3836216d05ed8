#!/usr/bin/perl
# SPDX-License-Identifier: Apache-2.0
# Writes the XS file xsubpp compiles: perl/Simple.xs (the hand-written functions) with, from the
# one table perl/api.table (docs/perl.md#table), the low-level VMware::Vix::API::* functions, the
# Simple functions of the regular shapes, the list VMware::Vix::Simple exports, and the call
# shapes of AllocPropertyList. Usage: gen_xs.pl Simple.xs api.table OUT.xs
use strict;
use warnings;

my ($xs_file, $table_file, $out) = @ARGV;
die "usage: $0 Simple.xs api.table OUT.xs\n" unless defined $out;

# Property lists hold at most this many (id, value) pairs: a C call shape per combination of the
# three C value types (int, int64, string), 3 + 9 + 27 + 81 of them.
my $max_pairs = 4;

sub slurp {
  my ($file) = @_;
  open(my $in, '<', $file) or die "$file: $!\n";
  local $/;
  return <$in>;
}

my @rows;
my $line_no = 0;
for my $line (split /\n/, slurp($table_file)) {
  $line_no++;
  next if $line =~ /^\s*(#|$)/;
  my @col = map { s/^\s+|\s+$//gr } split /\|/, $line;
  die "$table_file:$line_no: six columns expected\n" unless @col == 6;
  my ($pkg, $name, $cfn, $args, $low, $simple) = @col;
  my @args = map { [split ' '] } split /\s*,\s*/, $args;
  for my $arg (@args) {
    die "$table_file:$line_no: bad argument '@$arg'\n"
      unless @$arg == 2 && $arg->[0] =~ /^[hisbp]$/;
  }
  my ($sname, $skind) = $simple eq '-' ? ('', '') : split(' ', $simple);
  die "$table_file:$line_no: bad Simple column '$simple'\n"
    if $simple ne '-' && $skind !~ /^(wait|handle|out|xs|string:VIX_PROPERTY_\w+)$/;
  die "$table_file:$line_no: bad low-level kind '$low'\n"
    unless $low =~ /^(job|out-int|out-handle|same|xs|-)$/;
  push @rows, { pkg => $pkg, name => $name, cfn => $cfn, args => \@args, low => $low,
    sname => $sname, skind => $skind };
}

sub conv {
  my ($type, $name) = @_;
  return "arg_str(aTHX_ $name)" if $type eq 's';
  return "(Bool)(SvTRUE($name) ? 1 : 0)" if $type eq 'b';
  return "(SvOK($name) ? (uint64)SvUV($name) : 0)" if $type eq 'p';
  return "arg_int(aTHX_ $name)";
}

# The XSUB's head: every argument optional (undef), so missing trailing ones are undef.
sub head {
  my ($name, @names) = @_;
  my $params = join ', ', map { "$_ = &PL_sv_undef" } @names;
  return "void\n$name($params)\n" . join('', map { "    SV* $_\n" } @names) . "  PPCODE:\n";
}

sub call {
  my ($row, $async) = @_;
  my @c = map { conv(@$_) } @{ $row->{args} };
  push @c, 'NULL', 'NULL' if $async;
  return "$row->{cfn}(" . join(', ', @c) . ')';
}

sub out_body {
  my ($row, $call_args) = @_;
  my ($type, $zero) = $row->{low} eq 'out-int' || $row->{cfn} =~ /GetNum/
    ? ('int', '0') : ('VixHandle', 'VIX_INVALID_HANDLE');
  return "    $type out = $zero;\n"
    . "    VixError err = $row->{cfn}($call_args, &out);\n"
    . "    PUSH_ERR(err);\n"
    . "    if (WANT_LIST) PUSH_IV(err == VIX_OK ? out : $zero);\n";
}

my (%by_pkg, @simple_xs, @exports, @aliases, @lowlevel);
for my $row (@rows) {
  my @names = map { $_->[1] } @{ $row->{args} };
  my $sync_args = join ', ', map { conv(@$_) } @{ $row->{args} };
  if ($row->{pkg} ne '-') {
    my $full = "VMware::Vix::API::$row->{pkg}::$row->{name}";
    push @lowlevel, $full;
    if ($row->{low} eq 'job') {
      $by_pkg{ $row->{pkg} } .= "\n" . head($row->{name}, @names, 'callbackProc', 'clientData')
        . "    (void)clientData;\n"
        . "    refuse_callback(aTHX_ \"$full\", callbackProc);\n"
        . "    PUSH_IV(" . call($row, 1) . ");\n";
    } elsif ($row->{low} =~ /^out-/) {
      $by_pkg{ $row->{pkg} } .= "\n" . head($row->{name}, @names) . out_body($row, $sync_args);
    } elsif ($row->{low} eq 'same') {
      push @aliases, [$full, $row->{sname}];
    }
  }
  next unless $row->{sname};
  push @exports, $row->{sname};
  my $k = $row->{skind};
  next if $k eq 'xs';
  my $body;
  if ($k eq 'wait') {
    $body = "    PUSH_ERR(run_job(aTHX_ " . call($row, 1) . "));\n";
  } elsif ($k eq 'handle') {
    $body = "    VixHandle out;\n"
      . "    VixError err = run_job_handle(aTHX_ " . call($row, 1) . ", &out);\n"
      . "    PUSH_ERR(err);\n    if (WANT_LIST) PUSH_IV(out);\n";
  } elsif ($k =~ /^string:(\w+)$/) {
    $body = "    SV* value;\n"
      . "    VixError err = run_job_string(aTHX_ " . call($row, 1) . ", $1, &value);\n"
      . "    PUSH_ERR(err);\n    if (WANT_LIST) XPUSHs(value);\n";
  } else {    # out
    $body = out_body($row, $sync_args);
  }
  push @simple_xs, "\n" . head($row->{sname}, @names) . $body;
}

# AllocPropertyList's call shapes: kind 0 int, 1 int64, 2 string per pair, the code in base 3.
my $shapes = '';
for my $n (1 .. $max_pairs) {
  $shapes .= "  case $n:\n    switch (code) {\n";
  for my $code (0 .. 3**$n - 1) {
    my @pairs;
    my $c = $code;
    for my $k (0 .. $n - 1) {
      my $kind = $c % 3;
      $c = int($c / 3);
      push @pairs, "id[$k], " . ('v[' . $k . '].i', 'v[' . $k . '].l', 'v[' . $k . '].s')[$kind];
    }
    $shapes .= "    case $code: return VixPropertyList_AllocPropertyList(h, out, "
      . join(', ', @pairs) . ", VIX_PROPERTY_NONE);\n";
  }
  $shapes .= "    }\n    break;\n";
}
my $c_part = <<"C";

/* ---- generated by perl/gen_xs.pl from perl/api.table ---- */

#define LIST_MAX_PAIRS $max_pairs

typedef struct {
  int kind; /* 0 int (integers, Bools, handles), 1 int64, 2 string */
  int i;
  int64 l;
  const char* s;
} ListValue;

/* VixPropertyList_AllocPropertyList with n pairs, each value passed as its C type. */
static VixError alloc_property_list(VixHandle h, VixHandle* out, int n, const int* id,
  const ListValue* v)
{
  int code = 0;
  for (int k = n - 1; k >= 0; k--) {
    code = code * 3 + v[k].kind;
  }
  switch (n) {
  case 0: return VixPropertyList_AllocPropertyList(h, out, VIX_PROPERTY_NONE);
$shapes  }
  return VIX_E_INVALID_ARG;
}

C

my $quote = sub { join '', map { "    XPUSHs(sv_2mortal(newSVpvs(\"$_\")));\n" } @_ };
my $xs_part = "\n# ---- generated by perl/gen_xs.pl from perl/api.table ----\n"
  . "\nMODULE = VMware::Vix::Simple  PACKAGE = VMware::Vix::Simple\n"
  . join('', @simple_xs)
  . "\n" . head('_exports') . $quote->(@exports)
  . "\n" . head('_aliases') . $quote->(map { @$_ } @aliases)
  . "\n" . head('_lowlevel') . $quote->(@lowlevel);
for my $pkg (sort keys %by_pkg) {
  $xs_part .= "\nMODULE = VMware::Vix::Simple  PACKAGE = VMware::Vix::API::$pkg\n$by_pkg{$pkg}";
}

my $xs = slurp($xs_file);
my $at = index($xs, "\nMODULE = ");
die "$xs_file: no MODULE line\n" if $at < 0;
my $text = substr($xs, 0, $at + 1) . $c_part . substr($xs, $at + 1) . $xs_part;
my $tmp = "$out.tmp";
open(my $fh, '>', $tmp) or die "$tmp: $!\n";
print $fh $text;
close($fh) or die "$tmp: $!\n";
rename($tmp, $out) or die "$out: $!\n";
