#!/usr/bin/env python3
"""Time `assay rank eval` against trec_eval (and pytrec_eval) side by side, and check they agree.

Each tool is run as its users run it, as a whole process (start-up included):
  trec_eval    once per run file; the harness loops over the files inside one timed unit,
               sums the CPU times and keeps the largest peak RSS;
  pytrec_eval  one Python process that loads the qrels and every run with pytrec_eval's own
               parse functions, evaluates them and prints trec_eval-style lines (--python);
  Assay        one `assay rank eval` over all run files.
Repetitions are paired and alternating (trec_eval, pytrec_eval, Assay, trec_eval, ...).
Wall time is taken around each unit; CPU (user+sys) comes from os.wait4's rusage of each
child, peak RSS from GNU time (/usr/bin/time, which measures the tool alone; without it, from
wait4, where it is at least the harness's own size and is marked so). Before timing, every tool is run once with -q (per-topic values), which
also warms the page cache; the harness compares every value per run, topic and measure with
trec_eval's (tolerance 1e-4: trec_eval prints 4 decimals) and prints the disagreements. The
outputs of the timed runs are checked against the same reference.

trec_eval cannot read gzip: .gz inputs are decompressed once into a temporary directory and
every tool reads the same plain files. --scale K writes a K-times larger set there (topic t
becomes t_1 .. t_K in the qrels and in every run) and uses it instead.

Standard library only. Exit status: 0 when all tools agree, 1 on any disagreement, 2 on bad
usage or a tool that fails.
"""

import argparse
import gzip
import os
import re
import shutil
import statistics
import sys
import tempfile
import time

DEFAULT_MEASURES = ["ndcg", "ndcg_cut.10", "map"]
TOLERANCE = 1e-4
EPSILON = 1e-9  # printed decimals: 0.12345 may round either way in two tools
SHOWN = 5       # disagreements printed per tool

# Run inside the --python interpreter: pytrec_eval as its users call it.
PYTREC_RUNNER = r'''
import os, sys
import pytrec_eval

def main(argv):
    per_topic = argv[:1] == ["-q"]
    if per_topic:
        argv = argv[1:]
    cut = argv.index("--")
    qrels_path, measures, runs = argv[0], argv[1:cut], argv[cut + 1:]
    with open(qrels_path) as f:
        qrels = pytrec_eval.parse_qrel(f)
    if measures == ["all_trec"]:  # pytrec_eval has no nicknames: every family it supports, text ones aside
        measures = sorted(set(pytrec_eval.supported_measures) - {"runid", "relstring"})
    evaluator = pytrec_eval.RelevanceEvaluator(qrels, set(measures))
    out = sys.stdout
    for path in runs:
        with open(path) as f:
            run = pytrec_eval.parse_run(f)
        results = evaluator.evaluate(run)
        topics = sorted(results)
        names = sorted({m for values in results.values() for m in values})
        out.write("runid\tall\t%s\n" % os.path.basename(path))
        if per_topic:
            for t in topics:
                for m in names:
                    out.write("%-22s\t%s\t%.4f\n" % (m, t, results[t][m]))
        for m in names:
            mean = pytrec_eval.compute_aggregated_measure(m, [results[t][m] for t in topics])
            out.write("%-22s\tall\t%.4f\n" % (m, mean))

main(sys.argv[1:])
'''


class Usage(Exception):
    """A bad argument or input: reported on one line, exit status 2."""


class OneLineParser(argparse.ArgumentParser):
    def error(self, message):
        raise Usage(message)


def parse_args(argv):
    p = OneLineParser(
        prog="compare-rank-eval.py",
        description="Time `assay rank eval` against trec_eval (and optionally pytrec_eval), "
                    "whole processes, paired and alternating, and check that every value agrees.",
        epilog="Example: scripts/compare-rank-eval.py --trec-eval /tmp/peers/trec_eval/trec_eval "
               "--python /tmp/peers/venv/bin/python --qrels ../shared/data/ranking/robust03/robust03_qrels.txt "
               "--runs ../shared/data/ranking/robust03/runs/*.gz --scale 10 --repeat 5")
    p.add_argument("--trec-eval", required=True, metavar="PATH", help="trec_eval executable")
    p.add_argument("--python", metavar="PATH",
                   help="a Python interpreter that can import pytrec_eval (optional)")
    p.add_argument("--assay", default="./assay", metavar="PATH", help="Assay launcher (default: ./assay)")
    p.add_argument("--qrels", required=True, metavar="FILE", help="qrels file (.gz allowed)")
    p.add_argument("--runs", required=True, nargs="+", metavar="FILE", help="run files (.gz allowed)")
    p.add_argument("--measures", nargs="+", default=DEFAULT_MEASURES, metavar="M",
                   help="trec_eval measures, passed as -m to every tool (default: %s)" % " ".join(DEFAULT_MEASURES))
    p.add_argument("--repeat", type=int, default=7, metavar="N", help="timed repetitions per tool (default: 7)")
    p.add_argument("--scale", type=int, default=1, metavar="K",
                   help="evaluate a K-times larger set: every topic t becomes t_1 .. t_K (default: 1)")
    p.add_argument("--tmp", metavar="DIR", help="where to make the temporary directory (default: system temp)")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    a = p.parse_args(argv)
    if a.repeat < 1:
        raise Usage("--repeat must be at least 1, got %d" % a.repeat)
    if a.scale < 1:
        raise Usage("--scale must be at least 1, got %d" % a.scale)
    for path in [a.qrels] + a.runs:
        if not os.path.isfile(path):
            raise Usage("no such file: %s" % path)
    a.trec_eval = executable(a.trec_eval, "--trec-eval")
    a.assay = executable(a.assay, "--assay")
    if a.python:
        a.python = executable(a.python, "--python")
    if a.tmp and not os.path.isdir(a.tmp):
        raise Usage("no such directory: %s" % a.tmp)
    return a


def executable(path, option):
    found = shutil.which(path) if os.sep not in path else (path if os.access(path, os.X_OK) else None)
    if not found or not os.path.isfile(found):
        raise Usage("%s: not an executable file: %s" % (option, path))
    return os.path.abspath(found)


# ---------------------------------------------------------------------------------------------
# Inputs

def read_maybe_gz(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        return f.read()


def prepare_inputs(args, tmp):
    """Returns (qrels, runs, note): plain files every tool reads."""
    topic = re.compile(rb"^([ \t]*)(\S+)", re.M)
    names = set()

    def target(path, index):
        base = os.path.basename(path)
        base = base[:-3] if base.endswith(".gz") else base
        if base in names:
            base = "%02d-%s" % (index, base)
        names.add(base)
        return os.path.join(tmp, base)

    def plain(path, index):
        if args.scale == 1 and not path.endswith(".gz"):
            return path
        data = read_maybe_gz(path)
        if args.scale > 1:
            data = b"".join(topic.sub(rb"\1\2_" + str(k).encode(), data if data.endswith(b"\n") else data + b"\n")
                            for k in range(1, args.scale + 1))
        out = target(path, index)
        with open(out, "wb") as f:
            f.write(data)
        return out

    t0 = time.perf_counter()
    qrels = plain(args.qrels, 0)
    runs = [plain(r, i + 1) for i, r in enumerate(args.runs)]
    gz = sum(p.endswith(".gz") for p in [args.qrels] + args.runs)
    notes = []
    if gz:
        notes.append("%d .gz input(s) decompressed once into %s; every tool reads the same plain files" % (gz, tmp))
    if args.scale > 1:
        notes.append("scale %d: topic t -> t_1..t_%d in qrels and runs, written as plain files to %s"
                     % (args.scale, args.scale, tmp))
    if notes:
        notes.append("preparation took %.1f s (not timed)" % (time.perf_counter() - t0))
    return qrels, runs, notes


def first_runid(path):
    with open(path, "rb") as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 6:
                return fields[5].decode("utf-8", "replace")
    return None


def count_topics(path):
    topics = set()
    with open(path, "rb") as f:
        for line in f:
            fields = line.split(None, 1)
            if fields:
                topics.add(fields[0])
    return len(topics)


# ---------------------------------------------------------------------------------------------
# Processes

class Failed(Exception):
    pass


# A child's ru_maxrss counts the memory of the process it was forked (or vforked) from until it
# calls exec, so measured directly from this harness every tool's peak would be at least the
# harness's own (which holds every tool's parsed output). GNU time forks the tool from its own
# small process and reports the tool's peak alone, so peaks are taken from it when it is there.
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def spawn(argv, out_path, err_path):
    """Runs one process; returns (wall s, user+sys s, peak RSS KiB)."""
    rss_path = err_path + ".rss"
    command = [GNU_TIME, "-f", "%M", "-o", rss_path, "--"] + argv if GNU_TIME else argv
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        actions = [(os.POSIX_SPAWN_DUP2, out.fileno(), 1), (os.POSIX_SPAWN_DUP2, err.fileno(), 2)]
        t0 = time.perf_counter()
        pid = os.posix_spawn(command[0], command, os.environ, file_actions=actions)
        _, status, ru = os.wait4(pid, 0)
        wall = time.perf_counter() - t0
    peak = ru.ru_maxrss
    if GNU_TIME:
        with open(rss_path) as f:
            lines = [l for l in f.read().split() if l.isdigit()]
        peak = int(lines[-1]) if lines else peak
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        with open(err_path, "rb") as f:
            lines = f.read().decode("utf-8", "replace").strip().splitlines()
        raise Failed("%s exited with %d: %s" % (" ".join(argv[:3]) + " ...", code,
                                                 lines[-1] if lines else "(no message)"))
    return wall, ru.ru_utime + ru.ru_stime, peak


class Tool:
    name = ""

    def commands(self, per_topic):
        """[(argv, run indices the output holds)]"""
        raise NotImplementedError

    def run(self, work, per_topic):
        """One unit: every command in turn. Returns (wall, cpu, rss, {run index: values})."""
        cpu = rss = 0
        outputs = []
        t0 = time.perf_counter()
        for i, (argv, indices) in enumerate(self.commands(per_topic)):
            out = os.path.join(work, "%s.%d.out" % (self.slug, i))
            _, c, r = spawn(argv, out, os.path.join(work, "%s.%d.err" % (self.slug, i)))
            cpu += c
            rss = max(rss, r)
            outputs.append((out, indices))
        wall = time.perf_counter() - t0
        values = {}
        for out, indices in outputs:
            with open(out, encoding="utf-8", errors="replace") as f:
                values.update(self.parse(f.read(), indices))
        return wall, cpu, rss, values

    def parse(self, text, indices):
        """trec_eval-style lines 'measure topic value', one block per run: a block ends with its summary
        ('all') lines, so a per-topic line or a runid line after them opens the next; trec_eval prints
        runid among the summary lines (-m all_trec), Assay before each block when the measures lack it."""
        blocks = []
        summarised = False  # the current block has summary lines already
        for line in text.splitlines():
            fields = line.split()
            if len(fields) != 3:
                continue
            measure, topic, value = fields
            if not blocks or (summarised and (topic != "all" or measure == "runid")):
                blocks.append({})
                summarised = False
            if topic == "all" and measure != "runid":
                summarised = True
            if measure == "runid":
                blocks[-1][("runid", "all")] = value
                continue
            try:
                blocks[-1][(measure, topic)] = float(value)
            except ValueError:
                blocks[-1][(measure, topic)] = value
        if len(blocks) != len(indices):
            raise Failed("%s printed %d run(s), expected %d" % (self.name, len(blocks), len(indices)))
        return dict(zip(indices, blocks))


class TrecEval(Tool):
    name, slug = "trec_eval", "trec_eval"

    def __init__(self, exe, qrels, runs, measures):
        self.exe, self.qrels, self.runs, self.measures = exe, qrels, runs, measures

    def commands(self, per_topic):
        m = [x for meas in self.measures for x in ("-m", meas)]
        return [([self.exe] + (["-q"] if per_topic else []) + m + [self.qrels, r], [i])
                for i, r in enumerate(self.runs)]


class PytrecEval(Tool):
    name, slug = "pytrec_eval", "pytrec_eval"

    def __init__(self, python, runner, qrels, runs, measures):
        self.python, self.runner, self.qrels, self.runs, self.measures = python, runner, qrels, runs, measures

    def commands(self, per_topic):
        return [([self.python, self.runner] + (["-q"] if per_topic else []) + [self.qrels] + self.measures
                 + ["--"] + self.runs, list(range(len(self.runs))))]


class Assay(Tool):
    name, slug = "Assay", "assay"

    def __init__(self, exe, qrels, runs, measures):
        self.exe, self.qrels, self.runs, self.measures = exe, qrels, runs, measures

    def commands(self, per_topic):
        m = [x for meas in self.measures for x in ("-m", meas)]
        return [([self.exe, "rank", "eval"] + (["-q"] if per_topic else []) + m + [self.qrels] + self.runs,
                 list(range(len(self.runs))))]


def version(argv):
    import subprocess
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=300)
        text = (p.stdout + p.stderr).strip().splitlines()
        return text[-1] if text else "(no output)"
    except OSError as e:
        return "(unknown: %s)" % e


# ---------------------------------------------------------------------------------------------
# Agreement

def partial(tool, args):
    """pytrec_eval implements part of all_trec: it is checked on the values it prints."""
    return isinstance(tool, PytrecEval) and "all_trec" in args.measures


def compare(reference, other, run_names, runids=None, common_only=False):
    """Returns (values compared, [disagreement lines]). With common_only, only the values both printed
    are compared (a peer that implements part of the measures)."""
    compared, bad = 0, []
    for i, name in enumerate(run_names):
        ref, got = reference.get(i, {}), other.get(i, {})
        if runids is not None and ("runid", "all") in got and got[("runid", "all")] != runids[i]:
            bad.append("run %s: runid %s printed, the file's is %s" % (name, got[("runid", "all")], runids[i]))
        keys = sorted(k for k in (set(ref) & set(got) if common_only else set(ref) | set(got)) if k[0] != "runid")
        for key in keys:
            a, b = ref.get(key), got.get(key)
            compared += 1
            if a is None or b is None:
                bad.append("run %s, topic %s, %s: %s" % (name, key[1], key[0],
                                                          "missing" if b is None else "not in reference (%s)" % b))
            elif isinstance(a, str) or isinstance(b, str):
                if a != b:
                    bad.append("run %s, topic %s, %s: reference %s, got %s" % (name, key[1], key[0], a, b))
            elif abs(a - b) > TOLERANCE + EPSILON:
                bad.append("run %s, topic %s, %s: reference %.4f, got %.4f" % (name, key[1], key[0], a, b))
    return compared, bad


def summary_only(values):
    return {i: {k: v for k, v in block.items() if k[1] == "all"} for i, block in values.items()}


# ---------------------------------------------------------------------------------------------
# Report

def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "(unavailable)"


def spread(xs, fmt):
    return "%s (%s–%s)" % (fmt % statistics.median(xs), fmt % min(xs), fmt % max(xs))


def main(argv):
    try:
        args = parse_args(argv)
    except Usage as e:
        print("compare-rank-eval.py: error: %s (see --help)" % e, file=sys.stderr)
        return 2

    tmp = tempfile.mkdtemp(prefix="compare-rank-eval-", dir=args.tmp)
    try:
        return measure(args, tmp)
    except (Usage, Failed, OSError) as e:
        print("compare-rank-eval.py: error: %s" % str(e).splitlines()[0], file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print("kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def measure(args, tmp):
    qrels, runs, notes = prepare_inputs(args, tmp)
    run_names = [os.path.basename(r) for r in args.runs]
    runids = [first_runid(r) for r in runs]
    work = os.path.join(tmp, "out")
    os.mkdir(work)

    tools = [TrecEval(args.trec_eval, qrels, runs, args.measures)]
    versions = [("trec_eval", args.trec_eval, version([args.trec_eval, "-v"]))]
    if args.python:
        runner = os.path.join(tmp, "pytrec_runner.py")
        with open(runner, "w") as f:
            f.write(PYTREC_RUNNER)
        v = version([args.python, "-c", "import pytrec_eval, sys; print('pytrec_eval', pytrec_eval.__version__, "
                                        "'on Python', sys.version.split()[0])"])
        if not v.startswith("pytrec_eval "):
            raise Usage("--python %s cannot import pytrec_eval: %s" % (args.python, v))
        tools.append(PytrecEval(args.python, runner, qrels, runs, args.measures))
        versions.append(("pytrec_eval", args.python, v))
    tools.append(Assay(args.assay, qrels, runs, args.measures))
    versions.append(("Assay", args.assay, version([args.assay, "version"])))

    print("# compare-rank-eval: %d run(s), %d topics in the qrels, measures %s, scale %d, %d paired repetitions"
          % (len(runs), count_topics(qrels), " ".join(args.measures), args.scale, args.repeat))
    print("started %s UTC on %s (%d CPUs)" % (time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
                                               os.uname().nodename, os.cpu_count() or 0))
    for note in notes:
        print(note)
    for name, path, v in versions:
        print("%-11s %s  [%s]" % (name, v, path))
    for tool in tools:
        cmds = tool.commands(False)
        shown = " ".join(cmds[0][0])
        print("%-11s %s%s" % (tool.name, shown, "   (and so on, once per run file: %d processes)" % len(cmds)
                              if len(cmds) > 1 else ""))

    # Agreement, per topic (-q); also the warm-up run of every tool.
    print("\n## Agreement (every value per run, topic and measure; -q; reference trec_eval; tolerance %g)" % TOLERANCE)
    per_topic = {}
    for tool in tools:
        per_topic[tool.name] = tool.run(work, True)[3]
    reference = per_topic["trec_eval"]
    disagreements = 0
    for tool in tools[1:]:
        compared, bad = compare(reference, per_topic[tool.name], run_names,
                                runids if isinstance(tool, Assay) else None, partial(tool, args))
        disagreements += len(bad)
        print("%-11s vs trec_eval: %d values compared, %d disagree" % (tool.name, compared, len(bad)))
        for line in bad[:SHOWN]:
            print("    " + line)
    ref_summary = summary_only(reference)

    # Timed, paired and alternating.
    print("\n## Timing (whole processes, start-up included)")
    load_before = loadavg()
    print("load average before: %s" % load_before)
    samples = {t.name: [] for t in tools}
    timed_bad = {t.name: 0 for t in tools}
    for rep in range(args.repeat):
        for tool in tools:
            wall, cpu, rss, values = tool.run(work, False)
            samples[tool.name].append((wall, cpu, rss))
            _, bad = compare(ref_summary, values, run_names, None, partial(tool, args))
            timed_bad[tool.name] += len(bad)
    load_after = loadavg()
    print("load average after:  %s" % load_after)
    for tool in tools:
        if timed_bad[tool.name]:
            disagreements += timed_bad[tool.name]
            print("%s: %d summary value(s) of the timed runs differ from trec_eval's" % (tool.name, timed_bad[tool.name]))
    print("timed outputs checked against trec_eval's summary values: %s"
          % ("all agree" if not any(timed_bad.values()) else "DISAGREEMENTS above"))

    rss_note = "" if GNU_TIME else " (no /usr/bin/time: at least the harness's own size)"
    print("\n| tool | wall s, median (min–max) | CPU user+sys s, median (min–max) | peak RSS MiB%s, median (min–max) |" % rss_note)
    print("|---|---|---|---|")
    for tool in tools:
        s = samples[tool.name]
        print("| %s | %s | %s | %s |" % (tool.name, spread([x[0] for x in s], "%.3f"), spread([x[1] for x in s], "%.3f"),
                                         spread([x[2] / 1024 for x in s], "%.1f")))
    print()
    med = {t.name: [statistics.median(x[j] for x in samples[t.name]) for j in range(3)] for t in tools}
    for tool in tools:
        if tool.name == "Assay":
            continue
        a, b = med[tool.name], med["Assay"]
        print("%s / Assay, ratio of medians: wall %.2fx, CPU %.2fx, peak RSS %.2fx"
              % (tool.name, a[0] / b[0], a[1] / b[1], a[2] / b[2]))
    print("\nraw wall times, s, in order:")
    for tool in tools:
        print("  %-11s %s" % (tool.name, " ".join("%.3f" % x[0] for x in samples[tool.name])))
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
