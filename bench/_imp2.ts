const m = process.argv[2]
const t = performance.now(); await import(m); console.log(m, Math.round(performance.now() - t))
