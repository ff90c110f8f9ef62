// The summary shown before confirming: plain Chinese, one line per field, ID and phone numbers masked.
import type { Form, FormField } from '../form-schema.js'
import { HUKOU_LABELS, INDUSTRY_LABELS, type Hukou, type Industry, type ParseMeta } from '../parsers/index.js'
import { maskIdNumber, maskPhone, maskText } from '../../privacy/mask.js'

export const SUMMARY_FOOTER = '回复“确认”提交，回复“修改+内容”更正（例如回复“电话改成”加新号码），回复“取消”放弃。'

function formatDate(value: string, meta?: ParseMeta): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return maskText(value)
  const [year, month, day] = [m[1], Number(m[2]), Number(m[3])]
  return meta?.precision === 'month' ? `${year}年${month}月` : `${year}年${month}月${day}日`
}

function formatYuan(value: number): string {
  const wan = value / 10_000
  return value >= 10_000 ? `${value}元（${Number(wan.toFixed(4))}万元）` : `${value}元`
}

/** How one field's value is shown to the user (masked where sensitive). */
export function displayValue(field: FormField, value: unknown, meta?: ParseMeta): string {
  if (value === undefined || value === null || value === '') return '（未填写）'
  if (field.sensitive === 'id') return maskIdNumber(String(value))
  if (field.sensitive === 'phone') return maskPhone(String(value))
  switch (field.parser) {
    case 'date':
      return formatDate(String(value), meta)
    case 'money':
      return typeof value === 'number' ? formatYuan(value) : maskText(String(value))
    case 'industry': {
      const label = INDUSTRY_LABELS[value as Industry] ?? maskText(String(value))
      return value === 'other' && meta?.raw ? `${label}（${maskText(meta.raw)}）` : label
    }
    case 'hukou':
      return HUKOU_LABELS[value as Hukou] ?? maskText(String(value))
    case 'choice':
      return field.options?.find((o) => o.value === value)?.label ?? maskText(String(value))
    case 'yesNo':
    case 'consent':
      return value === true ? '是' : value === false ? '否' : maskText(String(value))
    default:
      // Free text can hold numbers too: mask any ID or phone inside it.
      return maskText(String(value))
  }
}

/** The multi-line summary of a form's answers, ending with how to confirm, correct or cancel. */
export function summary(form: Form, values: Record<string, unknown>, meta: Record<string, ParseMeta | undefined> = {}): string {
  const lines = form.fields
    .filter((f) => f.parser !== 'consent')
    .map((f) => `${f.label}：${displayValue(f, values[f.id], meta[f.id])}`)
  return [`请核对您的${form.title}信息：`, ...lines, SUMMARY_FOOTER].join('\n')
}
