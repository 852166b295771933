// A photo for a trouble report, scaled down on the phone before upload: at most 1280 px on its longest side,
// JPEG. A 12-megapixel camera picture (4–6 MB) becomes ~150–300 kB, which a 3G upload and the server's limit take.

export const MAX_SIDE = 1280;

export interface ScaledPhoto {
  mime: 'image/jpeg';
  base64: string;
  /** For the preview (a data: URL: the page's CSP allows data: images, not blob:). */
  dataUrl: string;
  width: number;
  height: number;
}

/** The size to draw at: the longest side at most `max`, never enlarged. */
export function fitWithin(width: number, height: number, max = MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function scalePhoto(file: Blob): Promise<ScaledPhoto> {
  // createImageBitmap decodes without an <img> (no blob: URL for the CSP) and applies the EXIF rotation.
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const { width, height } = fitWithin(bitmap.width, bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    // A transparent PNG would turn black in a JPEG: paint white under it.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, width, height);
    let quality = 0.82;
    let dataUrl = canvas.toDataURL('image/jpeg', quality);
    // Keep well under the contract's 2,000,000 base64 characters even for a noisy picture.
    while (dataUrl.length > 1_400_000 && quality > 0.4) {
      quality -= 0.15;
      dataUrl = canvas.toDataURL('image/jpeg', quality);
    }
    return { mime: 'image/jpeg', base64: dataUrl.slice(dataUrl.indexOf(',') + 1), dataUrl, width, height };
  } finally {
    bitmap.close();
  }
}
