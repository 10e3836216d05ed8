#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0

"""The measuring half of scripts/bench.sh (which builds, starts and stops the simulators).

    run.py ops   --sim ENV_FILE   # list / stop / start, every tool, round-robin per repetition
    run.py copy  --sim ENV_FILE   # guest file copy both ways, vmrun against curl
    run.py scale --sim ENV_FILE --startup SECONDS   # listRegisteredVM on a big inventory
    run.py report                 # the Markdown tables

Each phase adds its results to $BENCH_WORK/results.json. Every command runs under
/usr/bin/time -f %M (its peak RSS: GNU time forks the command itself, so the figure is the
command's own and not inflated by this Python process), and the simulator's SOAP counters are
reset before and read after it through the control endpoint (vmrun-sim -control). Only the
command is timed: resetting and reading the counters happen outside the measurement.

Environment (set by bench.sh): BENCH_WORK, BENCH_VMRUN, BENCH_GOVMOMI, BENCH_PYVMOMI,
BENCH_USER, BENCH_PASSWORD, BENCH_REPS, BENCH_COPY_MIB, BENCH_COPY_REPS, BENCH_SCALE_REPS.
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
        self.control = e["VMRUN_SIM_CONTROL"]
        self.pid = int(e["VMRUN_SIM_PID"])

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
        cmd = [env("BENCH_VMRUN"), "-T", "esx", "-h", self.sim.url, "-u", self.user, "--insecure"]
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


def summary(samples):
    return {"median_s": statistics.median(s[0] for s in samples),
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
        samples["curl from"].append(run(sim, e, curl + ["--output", curl_back, url]))
        for p in (back, curl_back):
            if os.path.getsize(p) != size:
                sys.exit("benchmark: %s has %d bytes, want %d" % (p, os.path.getsize(p), size))
            os.remove(p)
    os.remove(src)
    results = load_results()
    results["copy"] = {k: summary(v) for k, v in samples.items()}
    results["copy_mib"], results["copy_reps"] = mib, reps
    save_results(results)


def phase_scale(sim, startup):
    tools = Tools(sim)
    e = tools.environ("vmrun warm")
    reps = int(env("BENCH_SCALE_REPS"))
    out = subprocess.run(tools.vmrun("listRegisteredVM"), env=e, stdout=subprocess.PIPE, check=True).stdout.decode()
    vms = len([l for l in out.splitlines() if l.startswith("[")])
    samples = [run(sim, e, tools.vmrun("listRegisteredVM")) for _ in range(reps)]
    results = load_results()
    results["scale"] = summary(samples)
    results["scale"].update(vms=vms, startup_s=startup, sim_rss_kib=sim.peak_rss_kib(), reps=reps)
    save_results(results)


def fmt_s(x):
    return "%.3f" % x


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
        lines += ["Median seconds of %d runs, one process per command, simulated ESXi with %s added "
                  "per API round trip:" % (r["ops_reps"], os.environ.get("BENCH_LATENCY", "?")), "",
                  "| operation | " + " | ".join(TOOLS) + " | warm vmrun / govmomi | warm vmrun / pyVmomi |",
                  "|---|" + "---:|" * (len(TOOLS) + 2)]
        for op in OPS:
            warm = o["vmrun warm"][op]["median_s"]
            lines.append("| `%s` | %s | %.2f | %.2f |" % (
                op, " | ".join(fmt_s(o[t][op]["median_s"]) for t in TOOLS),
                warm / o["govmomi"][op]["median_s"], warm / o["pyVmomi"][op]["median_s"]))
        lines += ["", "SOAP calls per command (+ GETs of `/sdk/vimServiceVersions.xml`) and peak RSS:", "",
                  "| operation | " + " | ".join(TOOLS) + " |", "|---|" + "---:|" * len(TOOLS)]
        for op in OPS:
            lines.append("| `%s` | %s |" % (op, " | ".join(fmt_calls(o[t][op]) for t in TOOLS)))
        lines.append("| peak RSS | %s |" % " | ".join(mib(max(o[t][op]["rss_kib"] for op in OPS)) for t in TOOLS))
        lines.append("")
    if "scale" in r:
        s = r["scale"]
        lines += ["`listRegisteredVM` with %d VMs (median of %d): %s s, SOAP calls: %s, vmrun peak RSS %s "
                  "(simulator: %.1f s to start, %s resident)." % (s["vms"], s["reps"], fmt_s(s["median_s"]), fmt_calls(s), mib(s["rss_kib"]), s["startup_s"], mib(s["sim_rss_kib"])), ""]
    if "copy" in r:
        c, size = r["copy"], r["copy_mib"]
        lines += ["Guest file copy of %d MiB, median of %d. vmrun's time is the whole command (connecting and "
                  "the guest-operation calls included); its fixed cost is the time of an empty file's copy. "
                  "curl's time is the HTTP transfer alone, on a transfer URL obtained beforehand." % (size, r["copy_reps"]), "",
                  "| direction | vmrun | vmrun fixed cost | curl | throughput vmrun / curl | same, without vmrun's fixed cost | vmrun peak RSS | curl peak RSS |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for d, label in (("to", "host → guest (`CopyFileFromHostToGuest`)"), ("from", "guest → host (`CopyFileFromGuestToHost`)")):
            v, z, k = c["vmrun " + d], c["vmrun %s 0" % d], c["curl " + d]
            net = max(v["median_s"] - z["median_s"], 1e-9)
            lines.append("| %s | %s s (%.0f MiB/s) | %s s | %s s (%.0f MiB/s) | %.2f | %.2f | %s | %s |" % (
                label, fmt_s(v["median_s"]), size / v["median_s"], fmt_s(z["median_s"]),
                fmt_s(k["median_s"]), size / k["median_s"], k["median_s"] / v["median_s"], k["median_s"] / net,
                mib(v["rss_kib"]), mib(k["rss_kib"])))
        lines.append("")
    print("\n".join(lines))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("phase", choices=["ops", "copy", "scale", "report"])
    ap.add_argument("--sim")
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
    else:
        phase_scale(sim, a.startup)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)  # bench.sh cleans up; a traceback would only hide its messages
