// Small DOM helpers. Text from the API only ever goes in through textContent, so it can never become HTML.

/** el('p', { className: 'x' }, 'text', child) */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue
    if (key === 'className') node.className = value
    else if (key === 'dataset') Object.assign(node.dataset, value)
    else if (key.startsWith('on')) node.addEventListener(key.slice(2).toLowerCase(), value)
    else if (key in node && key !== 'type') node[key] = value
    else node.setAttribute(key, value === true ? '' : String(value))
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue
    node.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return node
}

export function byId(id) {
  return document.getElementById(id)
}

/** Puts plain text on the clipboard; falls back to a hidden textarea where the Clipboard API is unavailable. */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text)
      return true
    } catch {
      // Fall through to the old way (e.g. permission denied).
    }
  }
  const area = el('textarea', { value: text, readOnly: true, className: 'offscreen' })
  document.body.append(area)
  area.select()
  let ok = false
  try {
    ok = document.execCommand('copy')
  } catch {
    ok = false
  }
  area.remove()
  return ok
}

/** Shows 已复制 (or the failure) next to a copy button for a moment. */
export function flash(node, message, ok = true) {
  node.textContent = message
  node.classList.toggle('bad', !ok)
  clearTimeout(node._flashTimer)
  node._flashTimer = setTimeout(() => {
    node.textContent = ''
  }, 2500)
}

/** 2026-11-28T06:05:00Z -> 11-28 14:05 in the browser's time zone. */
export function shortTime(iso) {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  const pad = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

export function setStatus(node, message, kind = '') {
  node.textContent = message
  node.className = `status ${kind}`.trim()
}
