import { TICKET_PHOTO_MAX_BYTES, type TicketPhotoMime } from '../../../../shared/contract/tickets';

/** Longest side of a photo sent with a ticket: enough to read a router's lights or a label. */
const MAX_SIDE = 1600;

/**
 * A photo chosen on the phone or PC, made small enough to send: drawn at most MAX_SIDE pixels on its longest
 * side and encoded as JPEG, a lower quality each time until it fits TICKET_PHOTO_MAX_BYTES. Null when the file
 * cannot be read as an image.
 */
export async function shrinkPhoto(file: File): Promise<{ mime: TicketPhotoMime; base64: string; dataUrl: string } | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const g = canvas.getContext('2d');
  if (!g) return null;
  g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const quality of [0.85, 0.7, 0.55, 0.4]) {
    const dataUrl = canvas.toDataURL('image/jpeg', quality);
    const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
    if ((base64.length * 3) / 4 <= TICKET_PHOTO_MAX_BYTES) return { mime: 'image/jpeg', base64, dataUrl };
  }
  return null;
}
