#!/usr/bin/env node
// `npm run lint`: the import graph of src/ has no circle, and its layers hold (README "How it is built"):
// src/storage knows nothing above it; knowledge/, eligibility/ and intake/ import no channel and not the LLM.
// Every import counts, `import type` and `import()` included (a type-only edge is drawn -(type)->). Exits 1 naming each circle and each broken rule.
//
//   node scripts/check-imports.mjs [DIR]     DIR: the source tree to check (default: this project's src/)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

/**
 * Layer rules, on paths relative to the checked tree: a file under `from` may import, of the tree, only what is
 * under an `allow` prefix (when given) and nothing under a `deny` prefix; `denyPackages` are packages it may not
 * import (a name, or a prefix ending in / or -); with `transitive`, neither may anything it imports, however far.
 */
export const RULES = [
  {
    from: 'storage/',
    allow: ['storage/', 'bounded.ts', 'startup-error.ts', 'paths.ts'],
    why: 'src/storage knows nothing above it (the composition root wires it to the rest)',
  },
  ...['knowledge/', 'eligibility/', 'intake/'].map((from) => ({
    from,
    deny: ['channels/', 'llm/'],
    denyPackages: ['wechaty', 'wechaty-', '@langchain/', 'openai'],
    transitive: true,
    why: `src/${from} loads no channel and not the LLM, not even through another module`,
  })),
]

const toPosix = (p) => p.split(sep).join('/')

function sourceFiles(root) {
  const files = []
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path)
    }
  }
  walk(root)
  return files.sort()
}

/** The .ts file a relative specifier names (`./x.js` is `./x.ts` under NodeNext), or undefined. */
function resolveRelative(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier)
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), base.replace(/\.jsx$/, '.tsx'), `${base}.ts`, join(base, 'index.ts')]
  return candidates.find((c) => /\.(ts|tsx|mts)$/.test(c) && existsSync(c) && statSync(c).isFile())
}

/** Every module a file names: { specifier, typeOnly } (imports, re-exports, import(), import('x').T). */
export function importsOf(fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false)
  const found = []
  const typeOnlyElements = (elements) => elements !== undefined && elements.length > 0 && elements.every((e) => e.isTypeOnly)
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const bindings = clause?.namedBindings
      const typeOnly = Boolean(clause && (clause.isTypeOnly || (!clause.name && bindings && ts.isNamedImports(bindings) && typeOnlyElements(bindings.elements))))
      found.push({ specifier: node.moduleSpecifier.text, typeOnly })
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause
      const typeOnly = node.isTypeOnly || Boolean(clause && ts.isNamedExports(clause) && typeOnlyElements(clause.elements))
      found.push({ specifier: node.moduleSpecifier.text, typeOnly })
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly })
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false })
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/**
 * The import graph of a tree: { files: [relative path], edges: Map<file, Set<file>>, typeOnly: Set<"a b"> (edges
 * made of type imports only), packages: Map<file, Set<name>> }.
 */
export function importGraph(root) {
  const edges = new Map()
  const typeOnly = new Set()
  const packages = new Map()
  const files = sourceFiles(root)
  for (const file of files) {
    const from = toPosix(relative(root, file))
    const to = new Map() // target -> true while every import of it is type-only
    const names = new Set()
    for (const { specifier, typeOnly: onlyTypes } of importsOf(file, readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) {
        const target = resolveRelative(file, specifier)
        if (!target) continue
        const name = toPosix(relative(root, target))
        if (name.startsWith('..')) continue // outside the tree
        to.set(name, (to.get(name) ?? true) && onlyTypes)
      } else if (!specifier.startsWith('node:')) {
        names.add(specifier)
      }
    }
    edges.set(from, new Set(to.keys()))
    for (const [target, onlyTypes] of to) if (onlyTypes) typeOnly.add(`${from} ${target}`)
    packages.set(from, names)
  }
  return { files: files.map((f) => toPosix(relative(root, f))), edges, typeOnly, packages }
}

/** Strongly connected components with more than one file (or a file importing itself): Tarjan's algorithm. */
export function circles(edges) {
  let index = 0
  const indices = new Map()
  const low = new Map()
  const stack = []
  const onStack = new Set()
  const found = []
  const visit = (v) => {
    indices.set(v, index)
    low.set(v, index++)
    stack.push(v)
    onStack.add(v)
    for (const w of edges.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v), low.get(w)))
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), indices.get(w)))
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component = []
      let w
      do {
        w = stack.pop()
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || edges.get(v)?.has(v)) found.push(component.sort())
    }
  }
  for (const v of [...edges.keys()].sort()) if (!indices.has(v)) visit(v)
  return found
}

/** One circle through a component, as a path a -> b -> … -> a (the shortest back to its first file). */
export function circlePath(component, edges) {
  const inside = new Set(component)
  const start = component[0]
  const previous = new Map([[start, undefined]])
  const queue = [start]
  while (queue.length > 0) {
    const v = queue.shift()
    for (const w of [...(edges.get(v) ?? [])].sort()) {
      if (!inside.has(w)) continue
      if (w === start) {
        const path = [start]
        for (let at = v; at !== undefined && at !== start; at = previous.get(at)) path.splice(1, 0, at)
        if (v !== start) return [...path, start]
        return [start, start]
      }
      if (!previous.has(w)) {
        previous.set(w, v)
        queue.push(w)
      }
    }
  }
  return component
}

const deniedPackage = (rule, name) =>
  (rule.denyPackages ?? []).some((p) => (p.endsWith('/') || p.endsWith('-') ? name.startsWith(p) : name === p || name.startsWith(`${p}/`)))

/**
 * Every import that breaks a rule: { file, target, why, via }. A rule with `transitive` follows imports through
 * the rest of the tree too (what a file loads, not only what it names), and `via` is the chain that gets there.
 */
export function layerViolations({ edges, packages }, rules = RULES) {
  const found = []
  for (const rule of rules) {
    const sources = [...edges.keys()].filter((f) => f.startsWith(rule.from)).sort()
    const breaks = (target) => (rule.allow && !rule.allow.some((p) => target.startsWith(p))) || (rule.deny ?? []).some((p) => target.startsWith(p))
    // Breadth first from every file of the layer: the shortest chain to each file reached.
    const previous = new Map(sources.map((f) => [f, undefined]))
    const queue = [...sources]
    const reported = new Set()
    const chain = (file) => {
      const path = []
      for (let at = file; at !== undefined; at = previous.get(at)) path.unshift(at)
      return path
    }
    while (queue.length > 0) {
      const file = queue.shift()
      for (const name of [...(packages.get(file) ?? [])].sort()) {
        if (deniedPackage(rule, name)) found.push({ file: chain(file)[0], target: name, why: rule.why, via: chain(file).slice(1) })
      }
      for (const target of [...(edges.get(file) ?? [])].sort()) {
        if (breaks(target)) {
          // Each import that breaks a rule; followed through the tree, only the shortest chain to each target.
          if (rule.transitive && reported.has(target)) continue
          reported.add(target)
          const path = chain(file)
          found.push({ file: path[0], target, why: rule.why, via: path.slice(1) })
        } else if (!previous.has(target)) {
          previous.set(target, file)
          if (rule.transitive) queue.push(target)
        }
      }
    }
  }
  return found
}

/** The report's lines for a tree: empty when all is well. */
export function checkImports(root, rules = RULES) {
  const graph = importGraph(root)
  const lines = []
  for (const component of circles(graph.edges)) {
    const path = circlePath(component, graph.edges)
    // An edge made of `import type` only is drawn -(type)->: erased at run time, still a circle in the design.
    const drawn = path.map((file, i) => (i === 0 ? file : `${graph.typeOnly.has(`${path[i - 1]} ${file}`) ? '-(type)->' : '->'} ${file}`))
    const more = component.length > path.length - 1 ? ` (${component.length} files in the circle: ${component.join(', ')})` : ''
    lines.push(`import circle: ${drawn.join(' ')}${more}`)
  }
  for (const { file, target, why, via } of layerViolations(graph, rules)) {
    lines.push(`layer: ${file} imports ${target}${via.length > 0 ? ` (through ${via.join(' -> ')})` : ''}: ${why}`)
  }
  return { files: graph.files.length, lines }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src'))
  const { files, lines } = checkImports(root)
  if (lines.length > 0) {
    for (const line of lines) console.error(line)
    process.exit(1)
  }
  console.log(`imports: ${files} files, no circle, layers hold`)
}
