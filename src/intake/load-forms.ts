// Loads and validates every form in a directory; any problem stops start-up with the file and the path named.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseKnowledgeYaml } from '../knowledge/yaml.js'
import { z } from 'zod'
import { formSchema, type Form } from './form-schema.js'

export class FormLoadError extends Error {
  override name = 'FormLoadError'
}

export function parseForm(source: string, fileName = '<form>'): Form {
  let data: unknown
  try {
    data = parseKnowledgeYaml(source)
  } catch (err) {
    throw new FormLoadError(`${fileName}: not valid YAML: ${(err as Error).message}`)
  }
  const result = formSchema.safeParse(data)
  if (!result.success) throw new FormLoadError(`${fileName}: invalid form:\n${z.prettifyError(result.error)}`)
  return result.data
}

/** Every *.yaml / *.yml form in dir, in file-name order. */
export function loadForms(dir: string): Form[] {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()
  if (files.length === 0) throw new FormLoadError(`${dir}: no form files (*.yaml)`)
  const forms = files.map((f) => parseForm(readFileSync(join(dir, f), 'utf8'), join(dir, f)))
  const seenIds = new Map<string, string>()
  const seenTriggers = new Map<string, string>()
  forms.forEach((form, i) => {
    const file = files[i]
    const other = seenIds.get(form.id)
    if (other) throw new FormLoadError(`${file}: form id "${form.id}" is already used by ${other}`)
    seenIds.set(form.id, file)
    for (const trigger of form.triggers) {
      const owner = seenTriggers.get(trigger)
      if (owner) throw new FormLoadError(`${file}: trigger "${trigger}" already starts form ${owner}`)
      seenTriggers.set(trigger, form.id)
    }
  })
  return forms
}
