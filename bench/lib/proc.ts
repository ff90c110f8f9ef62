// CPU time and RSS from /proc (Linux), for the bench's CPU per request (run.ts, cpu.ts, ab.ts) and its memory rows.
import { readdirSync, readFileSync } from 'node:fs'

const TICK_US = 1_000_000 / 100 // /proc reports clock ticks (USER_HZ, 100 on Linux)

/** utime + stime of a /proc stat file (a process's or a thread's), in µs. */
export function cpuUs(statFile: string): number {
  const line = readFileSync(statFile, 'utf8')
  const fields = line.slice(line.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * TICK_US
}

/** The CPU of each thread of a process, in µs, by thread id (the main thread's id is the process id). */
export function threadsCpuUs(pid: number): Map<number, number> {
  return new Map(readdirSync(`/proc/${pid}/task`).map((tid) => [Number(tid), cpuUs(`/proc/${pid}/task/${tid}/stat`)]))
}

/** A process's resident set size in bytes (VmRSS), as `ps` or an operator's dashboard reads it. */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!match) throw new Error(`no VmRSS for process ${pid}`)
  return Number(match[1]) * 1024
}

/** CPU time spent over a stretch of load, in µs: a server's main thread and whole process, the load generator (this process), redis-server. */
export interface CpuUse {
  mainUs: number
  processUs: number
  clientUs: number
  redisUs: number
}

/**
 * Starts counting the CPU a server (and redis-server, when given) and this process spend from now on; the
 * returned function reads what was spent since. /proc counts in 10 ms ticks: sum over a few seconds of load.
 */
export function startCpuMeter(pid: number, redisPid?: number): () => CpuUse {
  const read = () => ({
    main: cpuUs(`/proc/${pid}/task/${pid}/stat`),
    process: cpuUs(`/proc/${pid}/stat`),
    redis: redisPid ? cpuUs(`/proc/${redisPid}/stat`) : 0,
  })
  const before = read()
  const client = process.cpuUsage()
  return () => {
    const after = read()
    const used = process.cpuUsage(client)
    return {
      mainUs: after.main - before.main,
      processUs: after.process - before.process,
      clientUs: used.user + used.system,
      redisUs: after.redis - before.redis,
    }
  }
}
