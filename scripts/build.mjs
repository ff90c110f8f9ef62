// The start-up build: one esbuild pass turns src/ into .build/, so the service starts on plain Node without
// compiling TypeScript at run time. `npm ci` builds once (the `prepare` script, so the first `npm start` after
// an install has nothing to build); `npm start` (scripts/start.mjs) calls buildIfChanged() in its own process
// first, which builds again only after a change; `node scripts/build.mjs [--force]` runs it alone. Dynamic imports (WeChat, the model client) stay
// separate chunks, loaded only when configured. Tests and the other scripts run the sources with tsx.
// It also parses the knowledge's YAML (src/knowledge/yaml.ts), so start-up does not.
// When .build/ was made from exactly the files there are now (each one's path, size and modification time),
// the pass is skipped: a restart then loads no esbuild at all (about a quarter of start-up on a slow machine).
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { filesUnder, parseKnowledgeYamlFiles } from './knowledge-yaml.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const at = (...parts) => join(ROOT, ...parts)
const OUT = at('.build')
const SOURCES_FILE = join(OUT, '.sources')
const PARSED_YAML_FILE = join(OUT, 'knowledge-yaml.json') // read by src/knowledge/yaml.ts

/** Every file the bundle and the parsed YAML are made from, with its size and modification time, one per line. */
function sourcesSignature() {
  const files = ['scripts/build.mjs', 'scripts/knowledge-yaml.mjs', 'package.json', 'tsconfig.json'].map((f) => at(f))
  files.push(...filesUnder(at('src')), ...filesUnder(at('knowledge')))
  return files
    .map((file) => relative(ROOT, file))
    .sort()
    .map((file) => {
      const { size, mtimeMs } = statSync(at(file))
      return `${file} ${size} ${mtimeMs}`
    })
    .join('\n')
}

/** Builds .build/ unless it was made from exactly the files there are now (or `force`). True if it built. */
export async function buildIfChanged({ force = false } = {}) {
  const signature = sourcesSignature()
  if (!force && existsSync(SOURCES_FILE) && readFileSync(SOURCES_FILE, 'utf8') === signature) return false
  const esbuild = await import('esbuild')
  // A fresh directory each time: chunk names change with the code, and old chunks would pile up.
  rmSync(OUT, { recursive: true, force: true })
  try {
    await esbuild.build({
      absWorkingDir: ROOT,
      // main.js for npm start; app.js (createApp) for embedders and the bench's memory figure.
      entryPoints: ['src/main.ts', 'src/app.ts'],
      outdir: '.build',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: true,
      logLevel: 'warning',
    })
  } finally {
    await esbuild.stop() // its service process would otherwise live as long as the server
  }
  writeFileSync(PARSED_YAML_FILE, JSON.stringify(parseKnowledgeYamlFiles(at('knowledge'))))
  writeFileSync(SOURCES_FILE, signature)
  return true
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // --if-possible (npm ci's prepare): an install without dev dependencies has no esbuild; npm start says so then.
  const possible = !process.argv.includes('--if-possible') || (await import('esbuild').then(() => true, () => false))
  if (possible) await buildIfChanged({ force: process.argv.includes('--force') })
  else console.error('build: esbuild is not installed; skipped')
}
