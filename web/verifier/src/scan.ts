/**
 * Reading the seal's QR code from a photo or the camera: the browser's own
 * BarcodeDetector where it has one, zxing-wasm (bundled, never fetched from
 * elsewhere) otherwise.
 */
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

let ready: Promise<unknown> | undefined;
/** Fetches and compiles the reader; the page calls it as soon as it is idle, so the first frame is not kept waiting. */
export const zxing = (): Promise<unknown> => {
  ready ??= prepareZXingModule({ overrides: { locateFile: (path: string) => (path.endsWith('.wasm') ? wasmUrl : path) }, fireImmediately: true });
  return ready;
};

interface Detector {
  detect(source: ImageBitmapSource): Promise<Array<{ rawValue: string }>>;
}

async function nativeDetector(): Promise<Detector | undefined> {
  const BD = (globalThis as { BarcodeDetector?: { new (o: object): Detector; getSupportedFormats(): Promise<string[]> } }).BarcodeDetector;
  if (!BD) return undefined;
  try {
    return (await BD.getSupportedFormats()).includes('qr_code') ? new BD({ formats: ['qr_code'] }) : undefined;
  } catch {
    return undefined;
  }
}

/** Every QR text in an image (a photo of the paper, or a camera frame). */
export async function qrTexts(image: ImageData): Promise<string[]> {
  const native = await nativeDetector();
  if (native) {
    const found = await native.detect(image).catch(() => []);
    if (found.length) return found.map((f) => f.rawValue);
  }
  await zxing();
  const results = await readBarcodes(image, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 4 });
  return results.filter((r) => r.isValid).map((r) => r.text);
}

/** A picked file as pixels, scaled so its longer side is at most 2,000 px. */
export async function imageOf(file: Blob): Promise<ImageData> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 2000 / Math.max(bitmap.width, bitmap.height));
  const canvas = new OffscreenCanvas(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

/** Frames of the camera until a seal is read or `stop` is called. */
export async function scanCamera(video: HTMLVideoElement, onText: (t: string) => boolean): Promise<() => void> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const t of stream.getTracks()) t.stop();
    video.hidden = true;
  };
  const canvas = new OffscreenCanvas(1, 1);
  const tick = async () => {
    if (stopped) return;
    if (video.videoWidth) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(video, 0, 0);
      const texts = await qrTexts(ctx.getImageData(0, 0, canvas.width, canvas.height)).catch(() => []);
      for (const t of texts) if (onText(t)) return stop();
    }
    setTimeout(tick, 150);
  };
  void tick();
  return stop;
}
