// `npm start` runs this first: one esbuild pass (about 0.1 s) turns src/ into .build/, so the service starts
// on plain Node without compiling TypeScript at run time. Dynamic imports (WeChat, the model client) stay
// separate chunks, loaded only when configured. Tests and the other scripts run the sources with tsx.
import { build } from 'esbuild'
import { rmSync } from 'node:fs'

// A fresh directory each time: chunk names change with the code, and old chunks would pile up.
rmSync('.build', { recursive: true, force: true })

await build({
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
