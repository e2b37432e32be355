import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomInt } from 'node:crypto';
import { parseFlags, intFlag, type Command, type CliIO } from '../command.js';
import { ProvcertError, usageError } from '../../errors.js';
import type { Layer, OracleName } from '../../fuzz/types.js';
import { LAYERS, ORACLES } from '../../fuzz/types.js';

const usage = `usage: provcert fuzz [target] [--runs N] [--time S] [--seed S] [--corpus DIR] [--out DIR] [--resume]
       provcert fuzz --replay FILE [target]

Grammar-aware fuzzing of profile parsers: valid profiles from the parameter table, profile
rules, and mutations of the XML, the values, the encryption wrappers and gzip. Findings are
minimised and written to OUT/findings/<signature>/ (input.bin, output, finding.json, replay.sh).
Always bounded by --runs and --time (exploration) plus --minimise-time.

target (default: provcert's own pipeline: decrypt, gunzip, parse, rule grammar):
  --cmd "PROG ARGS"   run a command per input, input on stdin or in the file named by {file};
                      given twice or more: differential between the commands
  --module PATH[#fn]  call an exported JS function (default export) with the input bytes, in a
                      worker thread with resource limits; return/true = accept, false = reject,
                      a thrown TypeError/RangeError/ReferenceError/SyntaxError = crash, other throws = reject
  --url URL           PUT (or --method POST) each input to an upload endpoint on loopback or a lab
                      address (127.0.0.0/8, ::1, 10.77.0.0/16, 192.0.2.0/24); 2xx = accept,
                      4xx = reject, 5xx or a dropped connection = crash
  --serve             the builtin server (loopback, in this process) serves each input over TFTP
                      and HTTP at the path --rule expands to, and whatever fetches it is the
                      parser: --fetch-cmd, or a phone/client you point at the printed URL
    --rule RULE       profile rule naming the served path (default /$MA.xml, TFTP)
    --mac MAC         12 hex digits for $MA (default 00562b043615)
    --fetch-cmd "CMD" started once per input with {url} replaced by the profile's URL; judged
                      like --cmd, but only when it fetched the input
    --http-port N, --tftp-port N   fixed ports for an external fetcher (default: free ones)
    --settle MS       after a passive fetch, watch MS for a re-fetch (retry = reject; default 300)
                      Nothing fetched within --timeout is not a finding; 10 in a row end the session
    --lab             (root) serve from a network-namespace lab instead of loopback: the builtin
                      server in the lab's server namespace on the standard ports with DHCP
                      (option 160 = the rule on the lab server), DNS, TFTP, HTTP and HTTPS (lab
                      PKI, client certificates from the lab manufacturer CA); --fetch-cmd runs in
                      the phone namespace (ip netns exec), where {cacert} {cert} {key} name the
                      lab server CA and a phone certificate and key for HTTPS. Everything is
                      removed at the end, also on failure, SIGINT and SIGTERM
    --trigger notify  (with --lab, no --fetch-cmd) a passive phone: after each input is in place
                      the lab server sends it a SIP NOTIFY (Event: resync, SIP-005) and waits for
                      its fetch as above; a refused or unanswered NOTIFY is not a finding
    --phone-sip SIP   the phone's SIP address [sip:][USER@]HOST[:PORT], a lab address; {phone} =
                      the lab's phone host (default sip:{phone}:5060)

options:
  --runs N            executions at most (default 1000)
  --time S            seconds of exploration at most (default 60)
  --seed S            seed (default: random, printed); the same seed gives the same inputs
  --out DIR           output folder (default reports/fuzz)
  --corpus DIR        corpus folder (default OUT/corpus): seeds the 'corpus' layer and grows
  --resume            continue from OUT/state.json: next session seed, same corpus, known findings
  --layers LIST       comma list of ${LAYERS.join(',')} (default all)
  --oracles LIST      comma list of ${ORACLES.join(',')} (default all)
  --timeout MS        per-execution timeout, the hang oracle (default 2000)
  --rss-limit MIB     memory limit per execution, the memory oracle (default 512)
  --crash-exit N      exit codes >= N are crashes (default 128)
  --diff-exit-only    differential compares outcome classes only, not normalised stdout
  --minimise-time S   seconds for minimising all findings together (default 30)
  --minimise-runs N   executions for minimising all findings together (default 2000)
  --replay FILE       run FILE once against the target and judge it (exit 1 if it is a finding)
  --json              print the session summary as JSON

OUT also gets report.json, junit.xml, index.html and summary.md (the formats of provcert run):
one fail per finding (its X-FUZZ requirement, input and replay command), one pass per oracle
that found nothing.

exit codes: 0 no findings, 1 findings (or the replayed input is a finding), 2 usage or configuration
`;

function listFlag<T extends string>(value: string | undefined, flag: string, allowed: readonly T[]): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const i of items) if (!allowed.includes(i as T)) throw usageError(`--${flag}: unknown '${i}' (choose from ${allowed.join(', ')})`);
  if (items.length === 0) throw usageError(`--${flag} needs at least one value`);
  return items as T[];
}

export const fuzzCommand: Command = {
  name: 'fuzz',
  summary: 'grammar-aware profile fuzzing of our parser, a command, a JS module, an upload URL or a fetcher (--serve, --lab)',
  usage,
  async run(args, io: CliIO) {
    const { values, positionals } = parseFlags(args, {
      cmd: { type: 'string', multiple: true },
      module: { type: 'string' },
      url: { type: 'string' },
      serve: { type: 'boolean' },
      lab: { type: 'boolean' },
      rule: { type: 'string' },
      mac: { type: 'string' },
      'fetch-cmd': { type: 'string' },
      trigger: { type: 'string' },
      'phone-sip': { type: 'string' },
      'http-port': { type: 'string' },
      'tftp-port': { type: 'string' },
      settle: { type: 'string' },
      method: { type: 'string' },
      runs: { type: 'string' },
      time: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      corpus: { type: 'string' },
      resume: { type: 'boolean' },
      layers: { type: 'string' },
      oracles: { type: 'string' },
      timeout: { type: 'string' },
      'rss-limit': { type: 'string' },
      'crash-exit': { type: 'string' },
      'diff-exit-only': { type: 'boolean' },
      'minimise-time': { type: 'string' },
      'minimise-runs': { type: 'string' },
      replay: { type: 'string' },
      json: { type: 'boolean' },
    }, false);
    void positionals;
    const runs = intFlag(values.runs, 'runs', 1, 100_000_000) ?? 1000;
    const timeS = intFlag(values.time, 'time', 1, 7 * 86_400) ?? 60;
    const seed = intFlag(values.seed, 'seed', -2_147_483_648, 2_147_483_647) ?? randomInt(0, 2_147_483_647);
    const timeoutMs = intFlag(values.timeout, 'timeout', 1, 600_000) ?? 2000;
    const rssLimitMib = intFlag(values['rss-limit'], 'rss-limit', 16, 1_048_576) ?? 512;
    const crashExit = intFlag(values['crash-exit'], 'crash-exit', 2, 256) ?? 128;
    const minimiseTimeS = intFlag(values['minimise-time'], 'minimise-time', 0, 86_400) ?? 30;
    const minimiseRuns = intFlag(values['minimise-runs'], 'minimise-runs', 0, 10_000_000) ?? 2000;
    const layers = listFlag<Layer>(values.layers, 'layers', LAYERS) ?? [...LAYERS];
    const oracles = listFlag<OracleName>(values.oracles, 'oracles', ORACLES) ?? [...ORACLES];
    const method = values.method?.toUpperCase();
    if (method !== undefined && method !== 'PUT' && method !== 'POST') throw usageError(`--method must be PUT or POST, got '${values.method}'`);
    if (method !== undefined && values.url === undefined) throw usageError('--method needs --url');
    const serveOnly = (['rule', 'mac', 'fetch-cmd', 'http-port', 'tftp-port', 'settle', 'lab', 'trigger'] as const).filter((f) => values[f] !== undefined);
    if (!values.serve && serveOnly.length) throw usageError(`--${serveOnly[0]} needs --serve`);
    if (values.lab) {
      const fixed = (['http-port', 'tftp-port'] as const).find((f) => values[f] !== undefined);
      if (fixed) throw usageError(`--${fixed} does not apply with --lab (the lab server listens on the standard ports)`);
    }
    if (values.trigger !== undefined) {
      if (values.trigger !== 'notify') throw usageError(`--trigger: unknown '${values.trigger}' (choose from notify)`);
      if (!values.lab) throw usageError('--trigger notify needs --lab (the NOTIFY is sent from the lab server to a phone on the lab)');
      if (values['fetch-cmd'] !== undefined) throw usageError('--trigger notify is for a passive phone: it does not go with --fetch-cmd');
    }
    if (values['phone-sip'] !== undefined && values.trigger === undefined) throw usageError('--phone-sip needs --trigger notify');
    const notifySip = values.trigger !== undefined ? values['phone-sip'] ?? 'sip:{phone}:5060' : undefined;
    const out = resolve(io.cwd, values.out ?? 'reports/fuzz');
    const serve = values.serve ? {
      rule: values.rule ?? '/$MA.xml', mac: (values.mac ?? '00562b043615').replace(/[:-]/g, '').toLowerCase(),
      ...(values['fetch-cmd'] !== undefined ? { fetchCmd: values['fetch-cmd'] } : {}),
      httpPort: intFlag(values['http-port'], 'http-port', 0, 65535) ?? 0, tftpPort: intFlag(values['tftp-port'], 'tftp-port', 0, 65535) ?? 0,
      settleMs: intFlag(values.settle, 'settle', 0, 600_000) ?? 300,
      ...(notifySip !== undefined ? { notifySip } : {}),
      // --lab: the lab server's logs are copied to OUT/lab when the session ends.
      ...(values.lab ? { lab: true, ...(values.replay === undefined ? { logDir: join(out, 'lab') } : {}) } : {}),
    } : undefined;

    // Loaded here so that the other commands do not load fast-check and the generators.
    const { buildTargets } = await import('../../fuzz/targets/index.js');
    const targets = await buildTargets({
      cmds: values.cmd ?? [], ...(values.module !== undefined ? { module: values.module } : {}), ...(values.url !== undefined ? { url: values.url } : {}),
      ...(method ? { method: method as 'PUT' | 'POST' } : {}), ...(serve ? { serve } : {}), timeoutMs, rssLimitKb: rssLimitMib * 1024, crashExit, cwd: io.cwd,
    });
    const oracleConfig = { enabled: new Set(oracles), diffStdout: !values['diff-exit-only'] };
    const replayArgs = [
      ...(values.cmd ?? []).flatMap((c) => ['--cmd', JSON.stringify(c)]),
      ...(values.module !== undefined ? ['--module', values.module] : []),
      ...(values.url !== undefined ? ['--url', values.url] : []), ...(method ? ['--method', method] : []),
      ...(serve ? ['--serve', ...(serve.lab ? ['--lab'] : []), '--rule', `'${serve.rule}'`, '--mac', serve.mac, ...(serve.fetchCmd !== undefined ? ['--fetch-cmd', JSON.stringify(serve.fetchCmd)] : []),
        ...(serve.notifySip !== undefined ? ['--trigger', 'notify', '--phone-sip', `'${serve.notifySip}'`] : []),
        ...(values.settle !== undefined ? ['--settle', String(serve.settleMs)] : [])] : []),
      ...(values.timeout !== undefined ? ['--timeout', String(timeoutMs)] : []), ...(values['rss-limit'] !== undefined ? ['--rss-limit', String(rssLimitMib)] : []),
      ...(values['crash-exit'] !== undefined ? ['--crash-exit', String(crashExit)] : []),
      ...(values.oracles !== undefined ? ['--oracles', oracles.join(',')] : []), ...(values['diff-exit-only'] ? ['--diff-exit-only'] : []),
    ];
    try {
      if (values.replay !== undefined) {
        let bytes: Uint8Array;
        try {
          bytes = new Uint8Array(await readFile(resolve(io.cwd, values.replay)));
        } catch (e) {
          throw new ProvcertError('PC_ERR_IO', `cannot read ${values.replay} (${(e as { code?: string }).code ?? String(e)})`, { cause: e });
        }
        const { replayInput } = await import('../../fuzz/runner.js');
        const r = await replayInput(targets, bytes, oracleConfig);
        r.observations.forEach((o, i) => io.stdout(`${targets[i]?.name}: ${o.outcome}${o.exitCode != null ? ` exit ${o.exitCode}` : ''}${o.signal ? ` signal ${o.signal}` : ''}${o.status !== undefined ? ` status ${o.status}` : ''} in ${o.durationMs.toFixed(1)} ms\n`));
        io.stdout(r.hit ? `finding ${r.hit.signature}: ${r.hit.summary}\n` : 'no finding\n');
        return r.hit ? 1 : 0;
      }
      const { runFuzz } = await import('../../fuzz/runner.js');
      const { Progress } = await import('../../fuzz/progress.js');
      io.stderr(`fuzz: seed ${seed}, ${runs} runs / ${timeS} s at most, targets: ${targets.map((t) => t.name).join(', ')}, out ${out}\n`);
      const served = targets[0] && 'urls' in targets[0] ? (targets[0] as import('../../fuzz/targets/serve.js').ServeTarget) : undefined;
      if (served) io.stderr(`fuzz: serving each input at ${served.urls.tftp} and ${served.urls.http}${served.urls.https ? ` and ${served.urls.https}` : ''}\n`);
      const lab = served && 'lab' in served ? (served as import('../../fuzz/targets/serve-lab.js').LabServeTarget).lab : undefined;
      if (lab) io.stderr(`fuzz: lab ${lab.id}: server ${lab.serverIp} (netns ${lab.serverNetns}), phone host ${lab.phoneIp} (netns ${lab.phoneNetns}: ip netns exec ${lab.phoneNetns} ...)\n`);
      const startedAt = new Date().toISOString();
      const session = await runFuzz({
        targets, runs, timeMs: timeS * 1000, seed, out, ...(values.corpus !== undefined ? { corpusDir: resolve(io.cwd, values.corpus) } : {}),
        resume: Boolean(values.resume), layers, oracles: oracleConfig, minimise: { timeMs: minimiseTimeS * 1000, maxExecs: minimiseRuns },
        replayArgs, progress: new Progress((t) => io.stderr(t), io.isTTY),
      });
      const { writeFuzzReport } = await import('../../fuzz/report.js');
      await writeFuzzReport(out, session, {
        targets: targets.map((t) => t.name), oracles, startedAt,
        kind: values.cmd || values.module !== undefined ? 'command' : values.url !== undefined || serve ? 'external' : 'builtin',
      });
      if (values.json) io.stdout(`${JSON.stringify(session, null, 2)}\n`);
      else {
        for (const f of session.findings) io.stdout(`${f.oracle} ${f.signature}: ${f.summary}\n  input ${f.sizeBefore} -> ${f.sizeAfter} bytes, ${f.dir}\n  replay: ${f.replay}\n`);
        if (session.repeated.length) io.stdout(`seen again (already reported): ${session.repeated.join(', ')}\n`);
        io.stdout(`fuzz: seed ${session.seed}, ${session.runs} runs in ${(session.elapsedMs / 1000).toFixed(1)} s (${session.execsPerSec} execs/s, stopped by ${session.stoppedBy}), ${session.findings.length} new finding(s), corpus ${session.corpusSize} (+${session.corpusAdded})\n`);
      }
      return session.findings.length + session.repeated.length > 0 ? 1 : 0;
    } finally {
      await Promise.all(targets.map((t) => t.close()));
    }
  },
};
