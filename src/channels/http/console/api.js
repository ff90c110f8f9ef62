// Calls to the assistant's API. When the server asks for a token (401), the page asks the agent once and
// keeps it in sessionStorage for this browser session: the page itself holds no secret.
const TOKEN_KEY = 'console.apiToken'

let pendingTokenPrompt = null

function storedToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || ''
  } catch {
    return ''
  }
}

function askForToken(wasWrong) {
  // Several calls may get 401 at once: they share one dialog.
  if (pendingTokenPrompt) return pendingTokenPrompt
  const dialog = document.getElementById('token-dialog')
  const form = document.getElementById('token-form')
  const input = document.getElementById('token-input')
  const error = document.getElementById('token-error')
  error.textContent = wasWrong ? '口令不对，请重新输入。' : ''
  input.value = ''
  pendingTokenPrompt = new Promise((resolve) => {
    const onSubmit = () => {
      const token = input.value.trim()
      if (!token) return
      try {
        sessionStorage.setItem(TOKEN_KEY, token)
      } catch {
        // Storage disabled: the token still works for this call.
      }
      cleanup()
      resolve(token)
    }
    const onCancel = (event) => {
      // The agent closed the dialog: the call fails with a clear message rather than hanging.
      event.preventDefault()
      cleanup()
      dialog.close()
      resolve(null)
    }
    function cleanup() {
      form.removeEventListener('submit', onSubmit)
      dialog.removeEventListener('cancel', onCancel)
      pendingTokenPrompt = null
    }
    form.addEventListener('submit', onSubmit)
    dialog.addEventListener('cancel', onCancel)
    dialog.showModal()
    input.focus()
  })
  return pendingTokenPrompt
}

export class ApiError extends Error {
  constructor(message, status) {
    super(message)
    this.status = status
  }
}

/** JSON in, JSON out; a 401 asks for the token and tries again. */
export async function api(path, { method = 'GET', body } = {}) {
  let token = storedToken()
  for (let attempt = 0; attempt < 4; attempt++) {
    // Tells the server the question came from a hotline desk (the gaps view groups by channel).
    const headers = { accept: 'application/json', 'x-channel': 'console' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (token) headers.authorization = `Bearer ${token}`
    let response
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    } catch {
      throw new ApiError('连不上服务，请检查网络或稍后再试。', 0)
    }
    if (response.status === 401) {
      token = await askForToken(Boolean(token))
      if (!token) throw new ApiError('需要访问口令才能使用。', 401)
      continue
    }
    const data = await response.json().catch(() => null)
    if (!response.ok) {
      const detail = data && typeof data.error === 'string' ? data.error : `HTTP ${response.status}`
      throw new ApiError(`请求没有成功：${detail}`, response.status)
    }
    return data
  }
  throw new ApiError('口令多次不对，请向管理员确认访问口令。', 401)
}
