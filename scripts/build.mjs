// `npm start` runs this first: one esbuild pass turns src/ into .build/, so the service starts on plain Node
// without compiling TypeScript at run time. Dynamic imports (WeChat, the model client) stay separate chunks,
// loaded only when configured. Tests and the other scripts run the sources with tsx.
// It also parses the knowledge's YAML (src/knowledge/yaml.ts), so start-up does not.
// When .build/ was made from exactly the files there are now (each one's path, size and modification time),
// the pass is skipped: a restart then costs no esbuild start (about a fifth of start-up on a slow machine).
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { filesUnder, parseKnowledgeYamlFiles } from './knowledge-yaml.mjs'

const OUT = '.build'
const SOURCES_FILE = join(OUT, '.sources')
const PARSED_YAML_FILE = join(OUT, 'knowledge-yaml.json') // read by src/knowledge/yaml.ts
/** Every file the bundle and the parsed YAML are made from, with its size and modification time, one per line. */
function sourcesSignature() {
  const files = ['scripts/build.mjs', 'scripts/knowledge-yaml.mjs', 'package.json', 'tsconfig.json', ...filesUnder('src'), ...filesUnder('knowledge')]
  return files
    .sort()
    .map((file) => {
      const { size, mtimeMs } = statSync(file)
      return `${file} ${size} ${mtimeMs}`
    })
    .join('\n')
}

const signature = sourcesSignature()
const upToDate = existsSync(SOURCES_FILE) && readFileSync(SOURCES_FILE, 'utf8') === signature
if (!upToDate || process.argv.includes('--force')) {
  const { build } = await import('esbuild')
  // A fresh directory each time: chunk names change with the code, and old chunks would pile up.
  rmSync(OUT, { recursive: true, force: true })
  await build({
    // main.js for npm start; app.js (createApp) for embedders and the bench's memory figure.
    entryPoints: ['src/main.ts', 'src/app.ts'],
    outdir: OUT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  })
  writeFileSync(PARSED_YAML_FILE, JSON.stringify(parseKnowledgeYamlFiles('knowledge')))
  writeFileSync(SOURCES_FILE, signature)
}
