// Figures a programme's name gives (每人每月450元) are data with dates: a later notice adds a dated value in
// programmes.yaml, and the name reads as of the day asked. No code changes when a figure does.
import { todayInNingbo } from './dates.js'
import type { Programme } from './types.js'

function fill(template: string, programme: Programme, date: string): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const values = programme.figures?.[key] ?? []
    // The latest value in use on the day; before the first one, the first (the oldest the data knows).
    const current = values.filter((v) => v.from <= date).at(-1) ?? values[0]
    return current?.value ?? whole
  })
}

export function nameOn(programme: Programme, date = todayInNingbo()): string {
  return fill(programme.name, programme, date)
}

export function shortNameOn(programme: Programme, date = todayInNingbo()): string {
  return fill(programme.short, programme, date)
}
