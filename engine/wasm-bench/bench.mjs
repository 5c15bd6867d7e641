// Per-choice latency of the engine's wasm build in headless Chromium.
//
//   node bench.mjs --site DIR --variants o3,oz[,o3-wasm-opt] [--steps 2000]
//                  [--warmup 200] [--warmup-ms 1000] [--batch 20] [--cold 20]
//                  [--json results.json] [--strict]
//
// DIR holds data/manifest.json and the compiled products (written by the
// `export` binary) and one wasm-bindgen `--target web` output per variant
// (DIR/<variant>/wasm_bench.js + wasm_bench_bg.wasm). The files are served
// from 127.0.0.1 on a free port with COOP/COEP headers, so the page is
// cross-origin isolated and performance.now() has its fine (5 µs)
// resolution. Prints a markdown report to stdout. --strict: exit 1 when a
// target is missed (Renault p99 <= 15 ms, --model products p99 <= 5 ms,
// demo products p99 < 0.2 ms; every product loads in under 100 ms).
//
// Each page loads the compact binary form (`<id>.bin`, what the browser
// downloads) with `Bench.load_compact` and measures the choices on it; then
// deserialises the JSON form once (`Bench.load`) for comparison.

import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const require = createRequire(path.join(repo, 'end2end', 'package.json'));
const { chromium } = require('playwright-core');

const TARGET_MS = { renault: 15, demo: 0.2, model: 5 };
/** Loading a compiled product in the page (download excluded). */
const LOAD_TARGET_MS = 100;

function parseArgs(argv) {
  const opts = { steps: 2000, warmup: 200, warmupMs: 1000, batch: 20, cold: 20, variants: [], strict: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    switch (flag) {
      case '--site': opts.site = path.resolve(value()); break;
      case '--variants': opts.variants = value().split(',').filter(Boolean); break;
      case '--steps': opts.steps = Number(value()); break;
      case '--warmup': opts.warmup = Number(value()); break;
      case '--warmup-ms': opts.warmupMs = Number(value()); break;
      case '--batch': opts.batch = Number(value()); break;
      case '--cold': opts.cold = Number(value()); break;
      case '--json': opts.json = path.resolve(value()); break;
      case '--strict': opts.strict = true; break;
      default: throw new Error(`unknown argument '${flag}'`);
    }
  }
  if (!opts.site) throw new Error('--site DIR is required');
  if (opts.variants.length === 0) throw new Error('--variants is required');
  for (const n of ['steps', 'warmup', 'warmupMs', 'batch', 'cold']) {
    const min = n === 'steps' || n === 'batch' ? 1 : 0;
    if (!Number.isInteger(opts[n]) || opts[n] < min) throw new Error(`--${n} must be an integer >= ${min}`);
  }
  return opts;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

const INDEX = '<!doctype html><meta charset="utf-8"><title>engine wasm bench</title><p>engine wasm bench</p>';

/** Serves `root` on 127.0.0.1 (free port), cross-origin isolated. */
async function serve(root) {
  const server = createServer(async (req, res) => {
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    };
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      if (url.pathname === '/' || url.pathname === '/index.html') {
        res.writeHead(200, { ...headers, 'Content-Type': TYPES['.html'] });
        res.end(INDEX);
        return;
      }
      const file = path.resolve(root, '.' + decodeURIComponent(url.pathname));
      if (!file.startsWith(root + path.sep)) throw new Error('outside the site');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, headers);
      res.end('not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}

/** Runs in the page: loads the wasm and one compiled product, then times steps. */
async function measureInPage({ variant, file, compactFile, steps, warmup, warmupMs, batch, cold }) {
  const mod = await import(`/${variant}/wasm_bench.js`);
  const wasm = await mod.default({ module_or_path: `/${variant}/wasm_bench_bg.wasm` });
  const compact = new Uint8Array(await (await fetch(`/data/${compactFile}`)).arrayBuffer());
  const json = await (await fetch(`/data/${file}`)).text();

  // The clock's resolution as this page sees it.
  let resolution = Infinity;
  for (let i = 0; i < 100; i++) {
    const a = performance.now();
    let b = performance.now();
    while (b === a) b = performance.now();
    resolution = Math.min(resolution, b - a);
  }

  const t0 = performance.now();
  const bench = mod.Bench.load_compact(compact, 0);
  const loadMs = performance.now() - t0;
  try {
    // The first choices after loading run on baseline (Liftoff) code: timed
    // alone as the "cold" figure. Then warm up by count and by time, so V8's
    // optimising tier has taken over before the measured steps.
    const coldSamples = [];
    const warmStart = performance.now();
    for (let i = 0; i < warmup || performance.now() - warmStart < warmupMs; i++) {
      const s = performance.now();
      bench.step();
      if (i < cold) coldSamples.push(performance.now() - s);
    }
    const single = new Array(steps);
    for (let i = 0; i < steps; i++) {
      const s = performance.now();
      bench.step();
      single[i] = performance.now() - s;
    }
    const batches = new Array(Math.max(1, Math.floor(steps / batch)));
    for (let j = 0; j < batches.length; j++) {
      const s = performance.now();
      for (let k = 0; k < batch; k++) bench.step();
      batches[j] = (performance.now() - s) / batch;
    }
    const memoryBytes = wasm.memory.buffer.byteLength;
    // The JSON form, for comparison: deserialised once, then dropped.
    const fromJson = mod.Bench.load(json, 0);
    const jsonDeserializeMs = fromJson.deserialize_ms();
    fromJson.free();
    return {
      crossOriginIsolated: self.crossOriginIsolated,
      resolution,
      loadMs,
      deserializeMs: bench.deserialize_ms(),
      firstEvaluateMs: bench.first_evaluate_ms(),
      jsonDeserializeMs,
      memoryBytes,
      restarts: bench.restarts(),
      coldSamples,
      single,
      batches,
    };
  } finally {
    bench.free();
  }
}

function percentile(sorted, p) {
  return sorted.length === 0 ? 0 : sorted[Math.round((sorted.length - 1) * p)];
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? 0 };
}

function ms(x) {
  if (x === undefined || x === null || Number.isNaN(x)) return '–';
  if (x < 1) return `${x.toFixed(3)} ms`;
  if (x < 100) return `${x.toFixed(2)} ms`;
  return `${x.toFixed(0)} ms`;
}

function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const manifest = JSON.parse(await readFile(path.join(opts.site, 'data', 'manifest.json'), 'utf8'));
  const products = manifest.products.filter((p) => !p.error);
  const sizes = {};
  for (const p of products) {
    const body = await readFile(path.join(opts.site, 'data', p.file));
    const compact = await readFile(path.join(opts.site, 'data', p.compact_file));
    sizes[p.id] = {
      raw: body.length, gzip: gzipSync(body).length, compactRaw: compact.length, compactGzip: gzipSync(compact).length,
    };
  }
  const wasmSizes = {};
  for (const v of opts.variants) {
    const body = await readFile(path.join(opts.site, v, 'wasm_bench_bg.wasm'));
    const glue = await stat(path.join(opts.site, v, 'wasm_bench.js'));
    wasmSizes[v] = { raw: body.length, gzip: gzipSync(body).length, glue: glue.size };
  }

  const server = await serve(opts.site);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  const results = [];
  const loadBefore = os.loadavg()[0];
  try {
    for (const variant of opts.variants) {
      for (const p of products) {
        // A fresh page per run: no state or heap carried between products.
        const page = await browser.newPage();
        try {
          await page.goto(`${origin}/`);
          process.stderr.write(`bench: ${variant} ${p.id} ...\n`);
          const r = await page.evaluate(measureInPage, {
            variant, file: p.file, compactFile: p.compact_file, steps: opts.steps, warmup: opts.warmup, warmupMs: opts.warmupMs,
            batch: opts.batch, cold: opts.cold,
          });
          results.push({
            variant, product: p, ...r,
            singleStats: stats(r.single), batchStats: stats(r.batches), coldStats: stats(r.coldSamples),
          });
        } finally {
          await page.close();
        }
      }
    }
  } finally {
    const version = browser.version();
    await browser.close();
    server.close();
    results.version = version;
  }

  const lines = [];
  const first = results[0];
  lines.push('## Engine per-choice latency, wasm in headless Chromium');
  lines.push('');
  lines.push(`Chromium ${results.version}; page cross-origin isolated: ${first?.crossOriginIsolated}; ` +
    `performance.now() resolution seen in the page: ${first ? (first.resolution * 1000).toFixed(1) : '?'} µs.`);
  lines.push(`Machine: ${os.cpus().length} cores, load average (1 min) ${loadBefore.toFixed(1)} before and ` +
    `${os.loadavg()[0].toFixed(1)} after the browser runs (other processes share the cores: maxima are noisy).`);
  lines.push(`One step = one customer choice of a fixed-seed random sequence (pick an unfixed attribute, ` +
    `pick one of its possible values, fix it, \`evaluate\`; restart when complete). ` +
    `Warm-up: at least ${opts.warmup} steps and ${opts.warmupMs} ms (the first ${opts.cold} of them, right after ` +
    `loading, are timed alone: "cold" columns); then ${opts.steps} steps each timed alone (p50/p99/max), ` +
    `then ${Math.floor(opts.steps / opts.batch)} batches of ${opts.batch} steps timed together ` +
    `(batch columns: per-step mean of each batch, so they are not limited by the clock's resolution). ` +
    `Targets: Renault p99 <= ${TARGET_MS.renault} ms, --model products p99 <= ${TARGET_MS.model} ms, demo products p99 < ${TARGET_MS.demo} ms; ` +
    `load (compact form, download excluded) < ${LOAD_TARGET_MS} ms.`);
  lines.push('');
  lines.push('### Wasm builds');
  lines.push('');
  lines.push('| build | .wasm raw | .wasm gzip | JS glue |');
  lines.push('|---|---:|---:|---:|');
  for (const v of opts.variants) {
    const s = wasmSizes[v];
    lines.push(`| ${v} | ${bytes(s.raw)} (${s.raw}) | ${bytes(s.gzip)} (${s.gzip}) | ${bytes(s.glue)} |`);
  }
  lines.push('');
  lines.push('### Compiled products (native export: the compact form the browser downloads, and the full JSON)');
  lines.push('');
  lines.push('| product | source | compile (native) | compact raw | compact gzip | decode compact (native) | JSON raw | JSON gzip | deserialise JSON (native) | native p50 | native p99 | native max |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const p of products) {
    const s = sizes[p.id];
    lines.push(`| ${p.id} | ${p.source} | ${ms(p.compile_ms)} | ${bytes(s.compactRaw)} | ${bytes(s.compactGzip)} | ` +
      `${ms(p.native.decode_compact_ms)} | ${bytes(s.raw)} | ${bytes(s.gzip)} | ` +
      `${ms(p.native.deserialize_ms)} | ${ms(p.native.p50_ms)} | ${ms(p.native.p99_ms)} | ${ms(p.native.max_ms)} |`);
  }
  for (const p of manifest.products.filter((p) => p.error)) {
    lines.push(`| ${p.id} | ${p.source} | does not compile: ${p.error.replaceAll('|', '\\|')} | | | | | | | | | |`);
  }
  lines.push('');
  lines.push('### Per choice in the browser');
  lines.push('');
  lines.push('| build | product | load (JS+decode+1st eval) | decode compact (in wasm) | deserialise JSON (in wasm) | cold p50 | cold max | p50 | p99 | max | batch p50 | batch p99 | wasm memory | target |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  let missed = 0;
  for (const r of results) {
    const target = TARGET_MS[r.product.source];
    const fast = target === undefined ? true : r.product.source === 'demo' ? r.singleStats.p99 < target : r.singleStats.p99 <= target;
    const loaded = r.loadMs < LOAD_TARGET_MS;
    const ok = fast && loaded;
    if (!ok) missed++;
    lines.push(`| ${r.variant} | ${r.product.id} | ${ms(r.loadMs)} | ${ms(r.deserializeMs)} | ${ms(r.jsonDeserializeMs)} | ` +
      `${ms(r.coldStats.p50)} | ${ms(r.coldStats.max)} | ` +
      `${ms(r.singleStats.p50)} | ${ms(r.singleStats.p99)} | ${ms(r.singleStats.max)} | ` +
      `${ms(r.batchStats.p50)} | ${ms(r.batchStats.p99)} | ${bytes(r.memoryBytes)} | ` +
      `${target === undefined ? '–' : `${fast ? 'met' : 'MISSED'} (p99 ${r.product.source === 'demo' ? '<' : '<='} ${target} ms)`}; ` +
      `${loaded ? 'met' : 'MISSED'} (load < ${LOAD_TARGET_MS} ms) |`);
  }
  for (const note of manifest.notes ?? []) lines.push(`\nNote: ${note}`);
  console.log(lines.join('\n'));

  if (opts.json) {
    const slim = results.map(({ single, batches, coldSamples, ...rest }) => rest);
    writeFileSync(opts.json, JSON.stringify({ chromium: results.version, wasmSizes, sizes, results: slim }, null, 2));
  }
  if (opts.strict && missed > 0) process.exit(1);
}

main().catch((e) => {
  console.error(`bench: ${e.stack ?? e}`);
  process.exit(2);
});
