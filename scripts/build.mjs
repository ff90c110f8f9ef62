// The start-up build: one esbuild pass turns src/ into .build/, so the service starts on plain Node without
// compiling TypeScript at run time. `npm ci` builds once (the `prepare` script, so the first `npm start` after
// an install has nothing to build); `npm start` (scripts/start.mjs) calls buildIfChanged() in its own process
// first, which builds again only after a change; `node scripts/build.mjs [--force]` runs it alone. Dynamic
// imports (WeChat, the model client) stay separate chunks, loaded only when configured. Tests and the other
// scripts run the sources with tsx.
// It also parses the knowledge's YAML (src/knowledge/yaml.ts), so start-up does not.
// When .build/ was made from exactly the files there are now (each one's path, size and modification time),
// the pass is skipped: a restart then loads no esbuild at all (about a quarter of start-up on a slow machine).
//
// Several instances may start from one checkout at once (docs/redis.md), and one may start while others run.
// So a build never empties .build/: it is made in a staging directory beside it and moved in file by file,
// chunks first, then the entry points, then the record of its sources. An instance starting meanwhile finds
// either the old entry point or the new one, each with every chunk it names; two builds of the same sources
// write the same files (esbuild names chunks by content). Chunks of the last few builds stay, because a
// running instance imports some only when first needed (the model's form help, say).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { filesUnder, parseKnowledgeYamlFiles } from './knowledge-yaml.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const at = (...parts) => join(ROOT, ...parts)
const OUT = at('.build')
const SOURCES_FILE = join(OUT, '.sources')
const PARSED_YAML = 'knowledge-yaml.json' // in .build/, read by src/knowledge/yaml.ts
/** Which files each recent build made, newest first: what is in none of them is removed. */
const BUILDS_FILE = join(OUT, '.builds')
const KEEP_BUILDS = 5
const ENTRY_POINTS = ['main.js', 'main.js.map', 'app.js', 'app.js.map']

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
  removeAbandonedStaging()
  // Beside .build/ (the same depth, so the source maps' relative paths hold; the same file system, so a move
  // is a rename).
  const staging = mkdtempSync(at('.build-staging-'))
  try {
    try {
      await esbuild.build({
        absWorkingDir: ROOT,
        // main.js for npm start; app.js (createApp) for embedders and the bench's memory figure.
        entryPoints: ['src/main.ts', 'src/app.ts'],
        outdir: staging,
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
    writeFileSync(join(staging, PARSED_YAML), JSON.stringify(parseKnowledgeYamlFiles(at('knowledge'))))
    moveIn(staging, signature)
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
  return true
}

/** Staging directories a killed build left behind (a build takes seconds; these are ten minutes old). */
function removeAbandonedStaging() {
  for (const name of readdirSync(ROOT)) {
    if (!name.startsWith('.build-staging-')) continue
    const dir = at(name)
    try {
      if (Date.now() - statSync(dir).mtimeMs > 10 * 60_000) rmSync(dir, { recursive: true, force: true })
    } catch {} // another build removed it first
  }
}

/** Moves a finished build into .build/ (see the header), then drops files no recent build made. */
function moveIn(staging, signature) {
  mkdirSync(OUT, { recursive: true })
  const made = readdirSync(staging)
  const chunks = made.filter((f) => !ENTRY_POINTS.includes(f))
  for (const file of [...chunks, ...made.filter((f) => ENTRY_POINTS.includes(f))]) renameSync(join(staging, file), join(OUT, file))
  // Written whole in staging and renamed over: a reader never sees half a file.
  const replace = (target, text) => {
    const draft = join(staging, '.draft')
    writeFileSync(draft, text)
    renameSync(draft, target)
  }
  replace(SOURCES_FILE, signature)

  let builds = []
  try {
    builds = JSON.parse(readFileSync(BUILDS_FILE, 'utf8'))
  } catch {} // none yet, or unreadable: this build's files alone are kept
  builds = [made, ...builds.filter((files) => Array.isArray(files))].slice(0, KEEP_BUILDS)
  replace(BUILDS_FILE, JSON.stringify(builds))
  const kept = new Set(builds.flat())
  for (const file of readdirSync(OUT)) {
    if (!file.startsWith('.') && !kept.has(file)) rmSync(join(OUT, file), { force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // --if-possible (npm ci's prepare): where esbuild cannot be loaded, the install still succeeds; npm start says so then.
  const possible = !process.argv.includes('--if-possible') || (await import('esbuild').then(() => true, () => false))
  if (possible) await buildIfChanged({ force: process.argv.includes('--force') })
  else console.error('build: esbuild is not installed; skipped')
}
