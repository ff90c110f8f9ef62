// Small number helpers for the bench's table.

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50)
}

export const round = (value: number, digits = 0) => {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

export const mb = (bytes: number) => round(bytes / 1024 / 1024, 1)
