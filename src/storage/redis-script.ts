// A Lua script for a node-redis client, sent by its SHA1 (EVALSHA) and by its text only when the server does not
// have it yet (after a restart or SCRIPT FLUSH), as ioredis' defineCommand does.
import { createHash } from 'node:crypto'

/** The one call a script needs: node-redis' sendCommand. */
export interface ScriptClient {
  sendCommand(args: string[]): Promise<unknown>
}

export type LuaScript = (client: ScriptClient, keys: string[], args: string[]) => Promise<unknown>

export function luaScript(lua: string): LuaScript {
  const sha = createHash('sha1').update(lua).digest('hex')
  return async (client, keys, args) => {
    const rest = [String(keys.length), ...keys, ...args]
    try {
      return await client.sendCommand(['EVALSHA', sha, ...rest])
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error
      return client.sendCommand(['EVAL', lua, ...rest])
    }
  }
}
