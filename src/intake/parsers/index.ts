// Every field parser by kind: forms name a kind, the engine and repair helpers look it up here.
import type { Finder, Parser } from './types.js'
import { parseName } from './name.js'
import { findPhone, parsePhone } from './phone.js'
import { findIdNumber, parseIdNumber } from './id-number.js'
import { findDate, parseDate } from './date.js'
import { findMoney, parseMoney } from './money.js'
import { parseYesNo } from './yes-no.js'
import { findIndustry, parseIndustry } from './industry.js'
import { findHukou, parseHukou } from './hukou.js'
import { findPlatform, parsePlatform } from './platform.js'
import { findEmployer, parseDescription, parseEmployer } from './free-text.js'
import { parseConsent } from './consent.js'
import { findChoice, parseChoice } from './choice.js'

export const PARSER_KINDS = [
  'name', 'phone', 'idNumber', 'date', 'money', 'yesNo', 'industry', 'hukou', 'platform', 'employer', 'description',
  'consent', 'choice',
] as const
export type ParserKind = (typeof PARSER_KINDS)[number]

export interface FieldKind {
  parse: Parser
  /** Finds an unlabelled value of this kind inside a longer message, where that is unambiguous. */
  find?: Finder
}

export const FIELD_KINDS: Record<ParserKind, FieldKind> = {
  name: { parse: parseName },
  phone: { parse: parsePhone, find: findPhone },
  idNumber: { parse: parseIdNumber, find: findIdNumber },
  date: { parse: parseDate, find: findDate },
  money: { parse: parseMoney, find: findMoney },
  yesNo: { parse: parseYesNo },
  industry: { parse: parseIndustry, find: findIndustry },
  hukou: { parse: parseHukou, find: findHukou },
  platform: { parse: parsePlatform, find: findPlatform },
  employer: { parse: parseEmployer, find: findEmployer },
  description: { parse: parseDescription },
  consent: { parse: parseConsent },
  choice: { parse: parseChoice, find: findChoice },
}

export type { Finder, ParseContext, ParseMeta, ParseResult, Parser } from './types.js'
export { parseName, parsePhone, parseIdNumber, parseDate, parseMoney, parseYesNo, parseIndustry, parseHukou, parsePlatform }
export { parseEmployer, parseDescription, parseConsent, parseChoice }
export type { ChoiceOption } from './types.js'
export { INDUSTRIES, INDUSTRY_LABELS, matchIndustry, type Industry } from './industry.js'
export { HUKOU_LABELS, type Hukou } from './hukou.js'
export { idCheckChar } from './id-number.js'
export { parseChineseNumber } from './chinese-number.js'
export { todayInChina, looksLikeQuestion, compact as compactText } from './text.js'
