// Lints the OpenAPI document with the two linters API consumers run, pinned in package-lock.json: Redocly CLI
// (recommended rules, redocly.yaml) and Spectral (spectral:oas + OWASP API Security Top 10, .spectral.yaml).
// Prints the error and warning counts of each (and the rules behind them) and exits 1 when either reports an error.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const document = path.resolve(process.argv[2] ?? path.join(here, '../adapter-http-javalin/src/main/resources/openapi/openapi.json'));
const bin = (name) => path.join(here, 'node_modules', '.bin', name);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: here, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

function parseJson(tool, result) {
  const text = result.stdout.slice(result.stdout.search(/[[{]/));
  try {
    return JSON.parse(text);
  } catch (e) {
    console.error(`${tool} did not answer JSON (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
    process.exit(2);
  }
}

function byRule(problems) {
  const counts = new Map();
  for (const p of problems) counts.set(p.key, (counts.get(p.key) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `    ${String(n).padStart(4)}  ${k}`);
}

const spectral = parseJson('spectral', run(bin('spectral'), ['lint', document, '--ruleset', '.spectral.yaml', '--format', 'json', '--quiet']));
const severities = ['error', 'warning', 'info', 'hint'];
const spectralProblems = spectral.map((r) => ({ key: `${severities[r.severity]} ${r.code}`, r }));
const spectralErrors = spectral.filter((r) => r.severity === 0);
const spectralWarnings = spectral.filter((r) => r.severity === 1).length;

const redocly = parseJson('redocly', run(bin('redocly'), ['lint', document, '--format', 'json']));
const redoclyProblems = (redocly.problems ?? []).map((p) => ({ key: `${p.severity} ${p.ruleId}`, p }));
const redoclyErrors = (redocly.problems ?? []).filter((p) => p.severity === 'error');
const redoclyWarnings = (redocly.problems ?? []).filter((p) => p.severity === 'warn' || p.severity === 'warning').length;

console.log(`OpenAPI lint of ${path.relative(process.cwd(), document)}`);
console.log(`  Redocly CLI (recommended): ${redoclyErrors.length} errors, ${redoclyWarnings} warnings`);
console.log(byRule(redoclyProblems).join('\n'));
console.log(`  Spectral (spectral:oas + OWASP API Security Top 10): ${spectralErrors.length} errors, ${spectralWarnings} warnings`);
console.log(byRule(spectralProblems).join('\n'));

for (const e of spectralErrors) {
  console.log(`  spectral error ${e.code} at ${e.path.join('/')}: ${e.message}`);
}
for (const e of redoclyErrors) {
  console.log(`  redocly error ${e.ruleId} at ${(e.location ?? []).map((l) => l.pointer).join(', ')}: ${e.message}`);
}
if (spectralErrors.length + redoclyErrors.length > 0) {
  console.log('OpenAPI lint FAILED: fix the document (or, for a rule that demands something false for this API, switch it off in the ruleset with the reason).');
  process.exit(1);
}
console.log('OpenAPI lint passed: 0 errors.');
