#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0

"""The measuring half of scripts/bench.sh (which builds, starts and stops the simulators).

    run.py ops   --sim ENV_FILE   # list / stop / start, every tool, round-robin per repetition
    run.py copy  --sim ENV_FILE   # guest file copy both ways, vmrun against curl
    run.py biglist --sim ENV_FILE --server NAME --startup SECONDS   # listing a big inventory
    run.py fanout --sim ENV_FILE  # 20 concurrent start / stop hard, 10 concurrent linked clones
    run.py vix    --sim ENV_FILE  # libvix: power-ons on one host handle, many, serially
    run.py report                 # the Markdown tables

Each phase adds its results to $BENCH_WORK/results.json. Every command runs under
/usr/bin/time -f %M (its peak RSS: GNU time forks the command itself, so the figure is the
command's own and not inflated by this Python process), and the simulator's SOAP counters are
reset before and read after it through the control endpoint (vmrun-sim -control). Only the
command is timed: resetting and reading the counters happen outside the measurement. Every
figure keeps all its samples, and the report shows each one's spread: median (min–max).

Environment (set by bench.sh): BENCH_WORK, BENCH_VMRUN, BENCH_GOVMOMI, BENCH_PYVMOMI,
BENCH_USER, BENCH_PASSWORD, BENCH_REPS, BENCH_COPY_MIB, BENCH_COPY_REPS, BENCH_SCALE_REPS,
BENCH_FANOUT (20), BENCH_CLONES (10), BENCH_VIX_FANOUT (the program vix_fanout).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request

GUEST_USER, GUEST_PASSWORD = "user", "userpw"  # vmrun-sim's default guest login
OPS = ["list", "start", "stop"]
TOOLS = ["vmrun cold", "vmrun warm", "govmomi", "pyVmomi"]


def env(name):
    return os.environ[name]


def read_env_file(path):
    out = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.strip().partition("=")
            out[key] = value
    return out


class Sim:
    def __init__(self, env_file):
        e = read_env_file(env_file)
        self.url, self.host, self.port = e["VMRUN_SIM_URL"], e["VMRUN_SIM_HOST"], e["VMRUN_SIM_PORT"]
        self.control = e.get("VMRUN_SIM_CONTROL")  # stock-vcsim has none
        self.pid = int(e["VMRUN_SIM_PID"])
        self.product = "esx"

    def reset(self):
        urllib.request.urlopen(urllib.request.Request(self.control + "/reset", method="POST"), timeout=30).read()

    def calls(self):
        with urllib.request.urlopen(self.control + "/calls", timeout=30) as r:
            return json.load(r)

    def peak_rss_kib(self):
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0


class Tools:
    """The command line of each tool, each with its own HOME and XDG directories."""

    def __init__(self, sim):
        self.sim = sim
        self.work = env("BENCH_WORK")
        self.user = env("BENCH_USER")

    def environ(self, tool):
        home = os.path.join(self.work, "home-" + tool.replace(" ", "-"))
        for d in ("", ".config", ".cache"):
            os.makedirs(os.path.join(home, d), exist_ok=True)
        e = dict(os.environ)
        e.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
                 XDG_CACHE_HOME=os.path.join(home, ".cache"),
                 VMRUN_PASSWORD=env("BENCH_PASSWORD"))
        e.pop("VMRUN_SESSION_CACHE", None)
        if tool == "vmrun cold":
            e["VMRUN_SESSION_CACHE"] = "off"
        return e

    def vmrun(self, *args, guest=False):
        cmd = [env("BENCH_VMRUN"), "-T", self.sim.product, "-h", self.sim.url, "-u", self.user, "--insecure"]
        if guest:
            cmd += ["-gu", GUEST_USER, "-gp", GUEST_PASSWORD]
        return cmd + list(args)

    def govmomi(self, *args, guest=False):
        cmd = [env("BENCH_GOVMOMI"), "-url", self.sim.url, "-user", self.user]
        if guest:
            cmd += ["-guest-user", GUEST_USER, "-guest-password", GUEST_PASSWORD]
        return cmd + list(args)

    def command(self, tool, op, vmx):
        args = [op] if op == "list" else [op, vmx]
        if tool.startswith("vmrun"):
            if op == "stop":
                args.append("hard")
            return self.vmrun(*args)
        if tool == "govmomi":
            return self.govmomi(*args)
        return [env("BENCH_PYVMOMI"), self.sim.host, self.sim.port, self.user] + args


def run(sim, tool_env, cmd, stdout=subprocess.DEVNULL):
    """Runs cmd once: (seconds, SOAP calls, peak RSS KiB, GETs of vimServiceVersions.xml).
    Fails loudly if cmd fails."""
    rss_file = os.path.join(env("BENCH_WORK"), "rss")
    sim.reset()
    began = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd, env=tool_env,
                       stdout=stdout, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - began
    counts = sim.calls()
    if p.returncode != 0:
        sys.exit("benchmark: %s failed (exit %d):\n%s" % (" ".join(cmd), p.returncode, p.stderr.decode(errors="replace")))
    with open(rss_file) as f:
        rss = int(f.read().split()[-1])
    versions = counts["http"].count("GET /sdk/vimServiceVersions.xml")
    return seconds, counts["total"], rss, versions


def load_results():
    path = os.path.join(env("BENCH_WORK"), "results.json")
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    return {}


def save_results(results):
    with open(os.path.join(env("BENCH_WORK"), "results.json"), "w") as f:
        json.dump(results, f, indent=1)


def spread(values):
    """min, median, max of the samples: one noisy repetition cannot hide in a median alone."""
    values = list(values)
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def summary(samples):
    t = spread(s[0] for s in samples)
    return {"median_s": t["median"], "min_s": t["min"], "max_s": t["max"],
            "calls": statistics.median(s[1] for s in samples),
            "calls_min": min(s[1] for s in samples), "calls_max": max(s[1] for s in samples),
            "rss_kib": max(s[2] for s in samples), "versions": max(s[3] for s in samples),
            "n": len(samples)}


def vm_path(sim, tools, name):
    out = subprocess.run(tools.vmrun("listRegisteredVM"), env=tools.environ("setup"),
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    for line in out.splitlines():
        if "/" + name + ".vmx" in line:
            return line.strip()
    sys.exit("benchmark: no VM %s in:\n%s" % (name, out))


def phase_ops(sim):
    tools = Tools(sim)
    vmx = vm_path(sim, tools, "ha-host_VM0")
    reps = int(env("BENCH_REPS"))
    # The VM starts powered on (the simulator's model powers its VMs on): every tool lists, stops
    # (hard) and starts it, leaving it on for the next tool.
    order = ["list", "stop", "start"]
    envs = {t: tools.environ(t) for t in TOOLS}
    # One unmeasured warm-up per tool: it fills the session caches (vmrun warm, govmomi) and the
    # page cache with each tool's binary and libraries.
    for tool in TOOLS:
        run(sim, envs[tool], tools.command(tool, "list", vmx))
    samples = {t: {op: [] for op in OPS} for t in TOOLS}
    for rep in range(reps):
        # Round-robin, starting with a different tool each repetition, so that no tool is always
        # first or last after another one.
        for i in range(len(TOOLS)):
            tool = TOOLS[(rep + i) % len(TOOLS)]
            for op in order:
                samples[tool][op].append(run(sim, envs[tool], tools.command(tool, op, vmx)))
        print("  repetition %d/%d done" % (rep + 1, reps), file=sys.stderr)
    results = load_results()
    results["ops"] = {t: {op: summary(samples[t][op]) for op in OPS} for t in TOOLS}
    results["ops_reps"] = reps
    save_results(results)


def write_source(path, mib):
    block = bytearray(os.urandom(1 << 20))
    with open(path, "wb") as f:
        for i in range(mib):
            block[0:4] = i.to_bytes(4, "little")  # every MiB differs
            f.write(block)


def phase_copy(sim):
    tools = Tools(sim)
    vmx = vm_path(sim, tools, "ha-host_VM1")
    mib = int(env("BENCH_COPY_MIB"))
    reps = int(env("BENCH_COPY_REPS"))
    size = mib << 20
    work = env("BENCH_WORK")
    src = os.path.join(work, "copy-src.bin")
    back = os.path.join(work, "copy-back.bin")
    curl_back = os.path.join(work, "copy-curl.bin")
    write_source(src, mib)
    guest_file = "/tmp/bench-copy.bin"
    e = tools.environ("vmrun warm")
    url_env = tools.environ("govmomi")

    def transfer_url(*args):
        return subprocess.run(tools.govmomi("transfer-url", *args, guest=True), env=url_env,
                              stdout=subprocess.PIPE, check=True).stdout.decode().strip()

    curl = ["curl", "--insecure", "--silent", "--show-error", "--fail"]
    empty = os.path.join(work, "copy-empty.bin")
    open(empty, "wb").close()
    samples = {k: [] for k in ("vmrun to", "curl to", "vmrun from", "curl from", "vmrun to 0", "vmrun from 0")}
    run(sim, e, tools.vmrun("list"))  # the session cache, if any, is filled before timing
    for _ in range(reps):
        # vmrun's fixed cost (connecting, guest-operation calls) is that of an empty file's copy.
        samples["vmrun to 0"].append(run(sim, e, tools.vmrun("CopyFileFromHostToGuest", vmx, empty, "/tmp/bench-empty", guest=True)))
        samples["vmrun from 0"].append(run(sim, e, tools.vmrun("CopyFileFromGuestToHost", vmx, "/tmp/bench-empty", back, guest=True)))
        samples["vmrun to"].append(run(sim, e, tools.vmrun("CopyFileFromHostToGuest", vmx, src, guest_file, guest=True)))
        url = transfer_url("to", vmx, guest_file, str(size))
        samples["curl to"].append(run(sim, e, curl + ["--upload-file", src, url]))
        samples["vmrun from"].append(run(sim, e, tools.vmrun("CopyFileFromGuestToHost", vmx, guest_file, back, guest=True)))
        url = transfer_url("from", vmx, guest_file)
        # vmrun makes a finished copy durable (fsync); so does this curl, through sync FILE.
        samples["curl from"].append(run(sim, e, ["sh", "-c", '"$@" && sync -- "$0"', curl_back] + curl + ["--output", curl_back, url]))
        for p in (back, curl_back):
            if os.path.getsize(p) != size:
                sys.exit("benchmark: %s has %d bytes, want %d" % (p, os.path.getsize(p), size))
            os.remove(p)
    os.remove(src)
    results = load_results()
    results["copy"] = {k: summary(v) for k, v in samples.items()}
    results["copy_mib"], results["copy_reps"] = mib, reps
    save_results(results)


def measure(cmd, tool_env, stdout=subprocess.DEVNULL):
    """Runs cmd once under /usr/bin/time without failing: (seconds, peak RSS KiB, exit code,
    first line of stderr when it failed)."""
    rss_file = os.path.join(env("BENCH_WORK"), "rss")
    began = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd, env=tool_env,
                       stdout=stdout, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - began
    with open(rss_file) as f:
        rss = int(f.read().split()[-1])
    return seconds, rss, p.returncode, first_line(p) if p.returncode else ""


def first_line(p):
    lines = p.stderr.decode(errors="replace").strip().splitlines()
    return lines[0][:160] if lines else ""


BIGLIST = ["vmrun listRegisteredVM", "vmrun list", "govmomi list", "pyVmomi list"]


def biglist_command(tools, client):
    if client.startswith("vmrun"):
        return tools.vmrun(client.split()[1])
    return tools.command(client.split()[0], "list", None)


def phase_biglist(sim, server, startup):
    """Lists the whole inventory with every client, round-robin, recording failures (exit code and
    first line) instead of stopping: a client that cannot list a server's answer is a result."""
    sim.product = "vc"
    tools = Tools(sim)
    envs = {c: tools.environ("vmrun warm" if c.startswith("vmrun") else c.split()[0]) for c in BIGLIST}
    reps = int(env("BENCH_SCALE_REPS"))
    counted = {}
    for c in BIGLIST:  # the warm-up fills the session caches; its output gives the VM count
        p = subprocess.run(biglist_command(tools, c), env=envs[c], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        out = p.stdout.decode(errors="replace").splitlines()
        counted[c] = len([l for l in out if l.startswith("[")]) if p.returncode == 0 else None
    samples = {c: [] for c in BIGLIST}
    calls = {c: [] for c in BIGLIST}
    for rep in range(reps):
        for i in range(len(BIGLIST)):
            c = BIGLIST[(rep + i) % len(BIGLIST)]
            if sim.control:
                sim.reset()
            samples[c].append(measure(biglist_command(tools, c), envs[c]))
            if sim.control:
                calls[c].append(sim.calls()["total"])
        print("  %s: repetition %d/%d done" % (server, rep + 1, reps), file=sys.stderr)
    out = {}
    for c in BIGLIST:
        ok = [x for x in samples[c] if x[2] == 0]
        failed = [x for x in samples[c] if x[2] != 0]
        out[c] = {"vms": counted[c], "runs": len(samples[c]), "failed": len(failed),
                  "failure": "exit %d: %s" % (failed[0][2], failed[0][3]) if failed else "",
                  "seconds": spread(x[0] for x in ok) if ok else None,
                  "rss_kib": spread(x[1] for x in samples[c]),
                  "calls": spread(calls[c]) if calls[c] else None}
    results = load_results()
    results.setdefault("biglist", {})[server] = {"clients": out, "startup_s": startup, "reps": reps,
                                                 "sim_rss_kib": sim.peak_rss_kib()}
    save_results(results)


def fan(cmds, tool_env):
    """Starts every command at once and waits for all: (wall seconds, failures as text)."""
    began = time.perf_counter()
    procs = [subprocess.Popen(c, env=tool_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for c in cmds]
    failures = []
    for p in procs:
        _, err = p.communicate()
        if p.returncode:
            lines = err.decode(errors="replace").strip().splitlines()
            failures.append("exit %d: %s" % (p.returncode, lines[0][:160] if lines else ""))
    return time.perf_counter() - began, failures


def registered(tools):
    out = subprocess.run(tools.vmrun("listRegisteredVM"), env=tools.environ("setup"),
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    return sorted(l.strip() for l in out.splitlines() if l.startswith("["))


def phase_fanout(sim):
    """N concurrent warm start and stop hard, and M concurrent linked clones of one snapshot,
    vmrun against the govmomi peer, one process per command as govc runs."""
    sim.product = "vc"
    tools = Tools(sim)
    n, m, reps = int(env("BENCH_FANOUT")), int(env("BENCH_CLONES")), int(env("BENCH_REPS"))
    paths = registered(tools)
    if len(paths) < n + 1:
        sys.exit("benchmark: the simulator has %d VMs, the fan-out needs %d" % (len(paths), n + 1))
    vms, source = paths[:n], paths[n]
    datastore = source.split("]")[0] + "]"
    setup = tools.environ("setup")
    subprocess.run(tools.vmrun("snapshot", source, "bench-base"), env=setup, check=True, stdout=subprocess.DEVNULL)
    envs = {t: tools.environ(t) for t in ("vmrun warm", "govmomi")}
    for t in envs:  # warm: the session cache holds a session before the first measured command
        subprocess.run(tools.command(t, "list", None), env=envs[t], check=True, stdout=subprocess.DEVNULL)

    def commands(tool, op, rep):
        if op != "clone":
            return [tools.command(tool, op, vmx) for vmx in vms]
        names = ["bench-%s-%d-%d" % (tool.split()[0], rep, i) for i in range(m)]
        if tool == "govmomi":
            return [tools.govmomi("clone", source, "bench-base", name) for name in names]
        return [tools.vmrun("clone", source, "%s %s/%s.vmx" % (datastore, name, name), "linked",
                            "-snapshot=bench-base", "-cloneName=" + name) for name in names]

    samples = {t: {op: [] for op in ("stop", "start", "clone")} for t in envs}
    failures = {t: {op: [] for op in ("stop", "start", "clone")} for t in envs}
    for rep in range(reps):
        # The tools take turns going first.
        for tool in sorted(envs, key=lambda t: (t != "govmomi") ^ (rep % 2 == 1)):
            for op in ("stop", "start", "clone"):  # the VMs start powered on and end so
                if sim.control:
                    sim.reset()
                seconds, failed = fan(commands(tool, op, rep), envs[tool])
                total = sim.calls()["total"] if sim.control else 0
                samples[tool][op].append((seconds, total))
                failures[tool][op] += failed
        print("  fan-out: repetition %d/%d done" % (rep + 1, reps), file=sys.stderr)
    results = load_results()
    results["fanout"] = {"n": n, "clones": m, "reps": reps, "tools": {
        t: {op: {"seconds": spread(x[0] for x in samples[t][op]),
                 "calls": spread(x[1] for x in samples[t][op]),
                 "failed": len(failures[t][op]), "failure": failures[t][op][0] if failures[t][op] else ""}
            for op in samples[t]} for t in envs}}
    save_results(results)


def phase_vix(sim):
    """The C program vix_fanout on the fan-out's VMs (powered off first), BENCH_REPS times."""
    sim.product = "vc"
    tools = Tools(sim)
    n = int(env("BENCH_FANOUT"))
    vms = registered(tools)[:n]
    e = tools.environ("vmrun warm")
    e.update(VIX_BENCH_HOST=sim.url, VIX_BENCH_USER=env("BENCH_USER"), VIX_BENCH_PASSWORD=env("BENCH_PASSWORD"))
    samples = {k: [] for k in ("one", "serial", "handle", "handles")}
    failure = ""
    for rep in range(int(env("BENCH_REPS"))):
        fan([tools.vmrun("stop", vmx, "hard") for vmx in vms], e)  # some may already be off
        p = subprocess.run([env("BENCH_VIX_FANOUT")] + vms, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for line in p.stdout.decode(errors="replace").splitlines():
            key, _, value = line.partition(" ")
            if key in samples:
                samples[key].append(float(value))
            elif key == "error" and not failure:
                failure = line
        if p.returncode and not failure:
            failure = "exit %d: %s" % (p.returncode, first_line(p))
    results = load_results()
    results["vix"] = {"n": n, "failure": failure,
                      "seconds": {k: spread(v) for k, v in samples.items() if v}}
    save_results(results)


def fmt_s(x):
    return "%.3f" % x


def fmt_spread(sp, fmt=fmt_s):
    """median (min–max), or the one value when they agree."""
    if sp is None:
        return "–"
    if sp["min"] == sp["max"]:
        return fmt(sp["median"])
    return "%s (%s–%s)" % (fmt(sp["median"]), fmt(sp["min"]), fmt(sp["max"]))


def fmt_run(r):
    """A summary()'s seconds with their spread."""
    return fmt_spread({"min": r["min_s"], "median": r["median_s"], "max": r["max_s"]})


def fmt_calls(r):
    if r["calls_min"] == r["calls_max"]:
        out = "%d" % r["calls_min"]
    else:
        out = "%g (%d–%d)" % (r["calls"], r["calls_min"], r["calls_max"])
    if r.get("versions"):
        out += " + %d GET" % r["versions"]  # vimServiceVersions.xml, also a round trip
    return out


def mib(kib):
    return "%.1f MiB" % (kib / 1024)


def report():
    r = load_results()
    lines = []
    if "ops" in r:
        o = r["ops"]
        lines += ["Seconds, median (min–max) of %d runs, one process per command, simulated ESXi with %s added "
                  "per API round trip:" % (r["ops_reps"], os.environ.get("BENCH_LATENCY", "?")), "",
                  "| operation | " + " | ".join(TOOLS) + " | warm vmrun / govmomi | warm vmrun / pyVmomi |",
                  "|---|" + "---:|" * (len(TOOLS) + 2)]
        for op in OPS:
            warm = o["vmrun warm"][op]["median_s"]
            lines.append("| `%s` | %s | %.2f | %.2f |" % (
                op, " | ".join(fmt_run(o[t][op]) for t in TOOLS),
                warm / o["govmomi"][op]["median_s"], warm / o["pyVmomi"][op]["median_s"]))
        lines += ["", "SOAP calls per command (+ GETs of `/sdk/vimServiceVersions.xml`) and peak RSS:", "",
                  "| operation | " + " | ".join(TOOLS) + " |", "|---|" + "---:|" * len(TOOLS)]
        for op in OPS:
            lines.append("| `%s` | %s |" % (op, " | ".join(fmt_calls(o[t][op]) for t in TOOLS)))
        lines.append("| peak RSS | %s |" % " | ".join(mib(max(o[t][op]["rss_kib"] for op in OPS)) for t in TOOLS))
        lines.append("")
    lines += report_biglist(r) + report_fanout(r) + report_vix(r)
    if "copy" in r:
        c, size = r["copy"], r["copy_mib"]
        lines += ["Guest file copy of %d MiB, median (min–max) of %d. vmrun's time is the whole command (connecting and "
                  "the guest-operation calls included); its fixed cost is the time of an empty file's copy. "
                  "curl's time is the HTTP transfer alone, on a transfer URL obtained beforehand; downloading, "
                  "it includes an fsync of curl's file (`sync FILE`), as vmrun makes a finished copy durable." % (size, r["copy_reps"]), "",
                  "| direction | vmrun | vmrun fixed cost | curl | throughput vmrun / curl | same, without vmrun's fixed cost | vmrun peak RSS | curl peak RSS |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for d, label in (("to", "host → guest (`CopyFileFromHostToGuest`)"), ("from", "guest → host (`CopyFileFromGuestToHost`)")):
            v, z, k = c["vmrun " + d], c["vmrun %s 0" % d], c["curl " + d]
            net = max(v["median_s"] - z["median_s"], 1e-9)
            lines.append("| %s | %s s (%.0f MiB/s) | %s s | %s s (%.0f MiB/s) | %.2f | %.2f | %s | %s |" % (
                label, fmt_run(v), size / v["median_s"], fmt_run(z),
                fmt_run(k), size / k["median_s"], k["median_s"] / v["median_s"], k["median_s"] / net,
                mib(v["rss_kib"]), mib(k["rss_kib"])))
        lines.append("")
    print("\n".join(lines))


def report_biglist(r):
    lines = []
    servers = {"paged": "vmrun-sim (pages RetrievePropertiesEx)", "stock": "govmomi's stock simulator (one page, maxObjects ignored)"}
    for server, b in sorted(r.get("biglist", {}).items()):
        vms = max((c["vms"] or 0) for c in b["clients"].values())
        lines += ["Listing %d VMs through %s, %d repetitions, simulator started in %.1f s (%s resident); "
                  "seconds and peak RSS are median (min–max):" % (vms, servers.get(server, server), b["reps"], b["startup_s"], mib(b["sim_rss_kib"])), "",
                  "| client | VMs listed | seconds | peak RSS | SOAP calls | failures |", "|---|---:|---:|---:|---:|---|"]
        for name, c in b["clients"].items():
            fails = "%d of %d: %s" % (c["failed"], c["runs"], c["failure"].replace("|", "\\|")) if c["failed"] else "none"
            lines.append("| %s | %s | %s | %s | %s | %s |" % (
                name, c["vms"] if c["vms"] is not None else "–", fmt_spread(c["seconds"]),
                fmt_spread(c["rss_kib"], mib), fmt_spread(c["calls"], lambda x: "%g" % x), fails))
        lines.append("")
    return lines


def report_fanout(r):
    if "fanout" not in r:
        return []
    f = r["fanout"]
    t = f["tools"]
    lines = ["Fan-out on a simulated vCenter, warm (one command ran first): wall seconds from starting "
             "every process to the last one's exit, median (min–max) of %d; SOAP calls of the whole "
             "fan-out per process:" % f["reps"], "",
             "| fan-out | vmrun | govmomi (govc-like) | vmrun / govmomi | vmrun calls per process | govmomi calls per process | failures |",
             "|---|---:|---:|---:|---:|---:|---|"]
    labels = {"stop": "%d × `stop hard`" % f["n"], "start": "%d × `start`" % f["n"], "clone": "%d × linked clone" % f["clones"]}
    for op in ("start", "stop", "clone"):
        v, g = t["vmrun warm"][op], t["govmomi"][op]
        per = f["clones"] if op == "clone" else f["n"]
        fails = "; ".join("%s %d: %s" % (name, x["failed"], x["failure"].replace("|", "\\|"))
                          for name, x in (("vmrun", v), ("govmomi", g)) if x["failed"]) or "none"
        lines.append("| %s | %s | %s | %.2f | %s | %s | %s |" % (
            labels[op], fmt_spread(v["seconds"]), fmt_spread(g["seconds"]),
            v["seconds"]["median"] / g["seconds"]["median"],
            fmt_spread(v["calls"], lambda x: "%.1f" % (x / per)), fmt_spread(g["calls"], lambda x: "%.1f" % (x / per)), fails))
    lines.append("")
    return lines


def report_vix(r):
    if "vix" not in r:
        return []
    v = r["vix"]
    sec = v["seconds"]
    lines = ["libvix (`tests/bench/vix_fanout.c`), %d power-ons, seconds, median (min–max):" % v["n"], "",
             "| measurement | seconds | / one power-on |", "|---|---:|---:|"]
    labels = [("one", "one power-on, one host handle"), ("serial", "%d one after another, one handle" % v["n"]),
              ("handle", "%d at once on ONE host handle" % v["n"]), ("handles", "%d at once, %d host handles" % (v["n"], v["n"]))]
    for key, label in labels:
        if key in sec:
            lines.append("| %s | %s | %.1f |" % (label, fmt_spread(sec[key]), sec[key]["median"] / sec["one"]["median"]))
    if v["failure"]:
        lines.append("\nFailed: %s" % v["failure"])
    lines.append("")
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("phase", choices=["ops", "copy", "biglist", "fanout", "vix", "report"])
    ap.add_argument("--sim")
    ap.add_argument("--server", default="paged")
    ap.add_argument("--startup", type=float, default=0)
    a = ap.parse_args()
    if a.phase == "report":
        report()
        return
    sim = Sim(a.sim)
    if a.phase == "ops":
        phase_ops(sim)
    elif a.phase == "copy":
        phase_copy(sim)
    elif a.phase == "biglist":
        phase_biglist(sim, a.server, a.startup)
    elif a.phase == "fanout":
        phase_fanout(sim)
    else:
        phase_vix(sim)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)  # bench.sh cleans up; a traceback would only hide its messages
