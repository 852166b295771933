import { AppError } from '../../../shared/errors';
import { TICKET_PHOTO_MAX_BYTES, type TicketPhotoMime } from '../../../shared/contract/tickets';

/*
 * A ticket's photo arrives as base64 with the type the phone claims. It is kept only if its bytes really are an
 * image of that type (magic numbers) and not larger than TICKET_PHOTO_MAX_BYTES decoded; the bytes are stored as
 * they came (never interpreted here) and served back with the stored type.
 */

const isJpeg = (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const isPng = (b: Buffer) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
const isWebp = (b: Buffer) => b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP';

const CHECK: Record<TicketPhotoMime, (b: Buffer) => boolean> = { 'image/jpeg': isJpeg, 'image/png': isPng, 'image/webp': isWebp };

/** The photo's bytes, or a 4xx tickets.photo_invalid (wrong type, empty, or too large). */
export function photoBytes(photo: { mime: TicketPhotoMime; base64: string }): Buffer {
  // Base64 of TICKET_PHOTO_MAX_BYTES is at most this long: refuse before decoding anything larger.
  const maxChars = Math.ceil(TICKET_PHOTO_MAX_BYTES / 3) * 4;
  if (photo.base64.length > maxChars) throw tooLarge();
  const bytes = Buffer.from(photo.base64, 'base64');
  if (bytes.length > TICKET_PHOTO_MAX_BYTES) throw tooLarge();
  if (!CHECK[photo.mime](bytes)) {
    throw new AppError('tickets.photo_invalid', `The photo is not a ${photo.mime.slice(6).toUpperCase()} image`, { field: 'photo', reason: 'type', max: TICKET_PHOTO_MAX_BYTES });
  }
  return bytes;
}

function tooLarge(): AppError {
  return new AppError('tickets.photo_invalid', `The photo is larger than ${TICKET_PHOTO_MAX_BYTES} bytes`, { field: 'photo', reason: 'size', max: TICKET_PHOTO_MAX_BYTES });
}
