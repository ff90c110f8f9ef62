// Runs a bench child (a file under bench/children) in its own Node process: a .ts one through tsx, a .mjs
// one on plain Node with npm start's flags (the .build bundle, as `npm start` runs). It sends one result (or
// {ready, url}) back over IPC.
import { fork, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { startNodeFlags } from './env.js'
import { ROOT } from './questions.js'

export interface Child<T> {
  process: ChildProcess
  /** The first message the child sends. */
  first: Promise<T>
  stop(): Promise<void>
}

export function startChild<T>(script: string, env: Record<string, string | undefined>, nodeArgs: string[] = []): Child<T> {
  const child = fork(join(ROOT, 'bench/children', script), [], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    execArgv: script.endsWith('.mjs') ? [...startNodeFlags(), ...nodeArgs] : ['--import', 'tsx', ...nodeArgs],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  const first = new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T))
    child.once('exit', (code) => reject(new Error(`bench child ${script} exited with ${code} before answering`)))
    child.once('error', reject)
  })
  return {
    process: child,
    first,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** A child that computes one result and exits. */
export async function runChild<T>(script: string, env: Record<string, string | undefined>, nodeArgs: string[] = []): Promise<T> {
  const child = startChild<T>(script, env, nodeArgs)
  try {
    return await child.first
  } finally {
    await child.stop()
  }
}
