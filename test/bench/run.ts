/**
 * `npm run bench`: runs every `test/bench/*.bench.ts` (or those named on the
 * command line) one after another and prints one JSON object with each
 * benchmark's result. Benchmarks are measurements, never pass/fail tests.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cpus, totalmem } from 'node:os';

interface BenchModule {
  run: () => Promise<Record<string, unknown>>;
}

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(dir)).filter((file) => file.endsWith('.bench.ts')).sort();
const selected = wanted.length > 0 ? files.filter((file) => wanted.some((name) => file.startsWith(name))) : files;

const results: Record<string, unknown> = {};
for (const file of selected) {
  const name = file.replace(/\.bench\.ts$/, '');
  process.stderr.write(`bench: ${name}…\n`);
  const module = (await import(pathToFileURL(`${dir}/${file}`).href)) as BenchModule;
  results[name] = await module.run();
}
const report = {
  machine: { node: process.version, cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
  benchmarks: results,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
