import { fileTypeFromBuffer } from 'file-type'
import { AttachmentError } from './errors.js'

// Attachments are judged by their bytes, never by their name: the type is detected from the
// content (file-type's signatures) and must be one of a short allow-list of documents and images.

/** Types a filer may attach, by the MIME type detected from the content. */
export const ALLOWED_TYPES: ReadonlyMap<string, string> = new Map([
  ['application/pdf', 'PDF'],
  ['image/jpeg', 'JPEG'],
  ['image/png', 'PNG'],
  ['image/webp', 'WebP'],
  ['audio/mpeg', 'MP3'],
  ['video/mp4', 'MP4']
])

export interface AttachmentLimits {
  /** At most this many attachments (default 5). */
  maxCount: number
  /** Each one at most this many bytes once decoded (default 4 MiB). */
  maxBytes: number
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = { maxCount: 5, maxBytes: 4 * 1024 * 1024 }

export interface AttachmentInput {
  nombre: string
  /** The file's bytes in base64. */
  contenido: string
}

export interface CheckedAttachment {
  nombre: string
  tipo: string
  bytes: number
  contenido: string
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Each attachment decoded, measured and typed by its content; the first that fails names itself and why. */
export async function checkAttachments (inputs: readonly AttachmentInput[], limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS): Promise<CheckedAttachment[]> {
  if (inputs.length > limits.maxCount) throw new AttachmentError(`se admiten hasta ${limits.maxCount} adjuntos; se recibieron ${inputs.length}.`)
  const allowed = [...ALLOWED_TYPES.values()].join(', ')
  const checked: CheckedAttachment[] = []
  for (const [index, input] of inputs.entries()) {
    const label = `el adjunto ${index + 1} («${input.nombre.slice(0, 80)}»)`
    const text = input.contenido.replace(/\s/g, '')
    if (!BASE64.test(text) || text.length % 4 !== 0) throw new AttachmentError(`${label} no está en base64.`)
    const bytes = Buffer.from(text, 'base64')
    if (bytes.length === 0) throw new AttachmentError(`${label} está vacío.`)
    if (bytes.length > limits.maxBytes) throw new AttachmentError(`${label} mide ${bytes.length} bytes; el máximo es ${limits.maxBytes} bytes por adjunto.`)
    const detected = await fileTypeFromBuffer(bytes)
    if (detected === undefined || !ALLOWED_TYPES.has(detected.mime)) {
      throw new AttachmentError(`${label} es de un tipo no admitido (${detected?.mime ?? 'desconocido'}, según su contenido); se admiten ${allowed}.`)
    }
    checked.push({ nombre: input.nombre, tipo: detected.mime, bytes: bytes.length, contenido: text })
  }
  return checked
}
