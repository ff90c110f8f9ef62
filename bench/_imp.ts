for (const m of ['wechaty', '@langchain/openai', '@langchain/core/messages', 'openai', 'fastify', 'better-sqlite3', '@node-rs/jieba', 'keyv', 'pino', 'zod', 'yaml', 'standardwebhooks', 'prom-client']) {
  const t = performance.now(); await import(m); console.log(m, Math.round(performance.now() - t))
}
