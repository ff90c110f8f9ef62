// The `asOf` the API takes: a real calendar day, YYYY-MM-DD.
import { isRealDate } from '../../calendar.js'

export function realDateOrError(value: unknown, field = 'asOf'): string | { error: string } {
  return typeof value === 'string' && isRealDate(value) ? value : { error: `${field}: must be a real date YYYY-MM-DD` }
}
